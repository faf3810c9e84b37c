/** Reads a password from standard input (a pipe, or typed without echo on a terminal). */
export async function readPasswordFromStdin(): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write('Password: ');
    stdin.setRawMode(true);
  }
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stdin) {
      const text = Buffer.from(chunk).toString('utf8');
      if (stdin.isTTY && /[\r\n\u0004]/.test(text)) {
        chunks.push(Buffer.from(text.split(/[\r\n\u0004]/)[0]));
        break;
      }
      chunks.push(Buffer.from(chunk));
    }
  } finally {
    if (stdin.isTTY) {
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    }
  }
  // A piped password ends at the first line break.
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}
