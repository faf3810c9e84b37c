/**
 * Bench work that runs in a child process of its own, so its peak memory is its own: the parent
 * spawns `node --import tsx <script> <json>`, the child prints one `BENCH_RESULT <json>` line.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MARK = 'BENCH_RESULT ';

export interface Memory {
  /** Peak resident set size of the process so far (VmHWM), KB. */
  peakKb: number;
  /** Resident set size now (VmRSS), KB. */
  rssKb: number;
}

export function memory(): Memory {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
    return { peakKb: kb('VmHWM'), rssKb: kb('VmRSS') };
  } catch {
    // Not Linux: maxRSS is the same peak, in KB.
    return { peakKb: process.resourceUsage().maxRSS, rssKb: Math.round(process.memoryUsage.rss() / 1024) };
  }
}

export interface HeapAtPeak {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  /** Memory outside the V8 heap held by JS objects (Buffers, WebAssembly memory). */
  externalMb: number;
  arrayBuffersMb: number;
}

/** Samples process.memoryUsage() while `work` runs and keeps the sample with the largest RSS. */
export async function sampleMemory<T>(work: () => Promise<T>, everyMs = 100): Promise<{ value: T; atPeak: HeapAtPeak }> {
  const mb = (bytes: number) => Math.round(bytes / 1024 ** 2);
  let atPeak: HeapAtPeak = { rssMb: 0, heapUsedMb: 0, heapTotalMb: 0, externalMb: 0, arrayBuffersMb: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    if (mb(m.rss) > atPeak.rssMb) {
      atPeak = { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers) };
    }
  };
  const timer = setInterval(sample, everyMs);
  try {
    const value = await work();
    sample();
    return { value, atPeak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * `ownSession`: the child starts a session of its own (setsid). Where the kernel groups tasks by session
 * for scheduling (Linux's autogroup, on by default on desktop and server kernels), its CPU is then shared
 * with this process as another session's, not out of this process's share.
 */
export function runChild<T>(script: string, input: unknown, { ownSession = false } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: ownSession,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject).on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) reject(new Error(`${script} exited with ${code}${line ? '' : ' without a result'}\n${out}`));
      else resolve(JSON.parse(line.slice(MARK.length)) as T);
    });
  });
}

/** In the child: the input the parent passed, and how to hand back the result. */
export function childInput<T>(): T {
  return JSON.parse(process.argv[2]) as T;
}

export function sendResult(result: unknown): void {
  process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
}
