/**
 * One keep-alive HTTP/1.1 connection of the load generator: it writes requests prepared as bytes and
 * reads each answer's status line, headers and `content-length` body. Requests may be pipelined (sent
 * before the answers to earlier ones, which come back in order), so an open-loop load sends each request
 * when it is due, as a desk of its own would.
 *
 * Why not `node:http`: the load generator shares this machine's two cores with the server it measures,
 * and node's client spends several times the CPU per request (an IncomingMessage, header objects and
 * stream events each). Desks are other machines; the less CPU the stand-in for them takes, the less the
 * figures measure the stand-in.
 */
import net from 'node:net';

export interface Answer {
  status: number;
  /** Bytes of the body. */
  bytes: number;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const TIMEOUT_MS = 30_000;

export class KeepAliveConnection {
  private socket: net.Socket | null = null;
  /** Requests sent and not yet answered, oldest first. */
  private waiting: { resolve(answer: Answer): void; reject(error: Error): void }[] = [];
  /** Bytes of a head not yet complete. */
  private head: Buffer | null = null;
  /** Body bytes still to come; -1 while the head is being read. */
  private bodyLeft = -1;
  private answer: Answer = { status: 0, bytes: 0 };

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** A GET of `path` with the given extra header lines (each ending in CRLF), as bytes to send. */
  static get(origin: URL, path: string, headerLines = ''): Buffer {
    return Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${origin.host}\r\n${headerLines}\r\n`, 'latin1');
  }

  request(bytes: Buffer): Promise<Answer> {
    const socket = this.socket ?? this.connect();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      socket.write(bytes);
    });
  }

  /** Requests sent on this connection and not yet answered. */
  get pending(): number {
    return this.waiting.length;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connect(): net.Socket {
    this.head = null;
    this.bodyLeft = -1;
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    socket.setTimeout(TIMEOUT_MS, () => this.drop(socket, new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    socket.on('data', (chunk: Buffer) => this.read(socket, chunk));
    socket.on('error', (error) => this.drop(socket, error));
    socket.on('close', () => this.drop(socket, new Error('the server closed the connection')));
    this.socket = socket;
    return socket;
  }

  private read(socket: net.Socket, chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0) {
      if (this.waiting.length === 0) return this.drop(socket, new Error('bytes from the server with no request waiting'));
      if (this.bodyLeft < 0) {
        const bytes = this.head ? Buffer.concat([this.head, data]) : data;
        const end = bytes.indexOf(HEAD_END);
        if (end < 0) {
          this.head = bytes;
          return;
        }
        this.head = null;
        const head = bytes.toString('latin1', 0, end);
        const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
        if (!head.startsWith('HTTP/1.1 ') || !length) {
          return this.drop(socket, new Error(`not an HTTP/1.1 answer with a content-length: ${JSON.stringify(head.slice(0, 200))}`));
        }
        this.answer = { status: Number(head.slice(9, 12)), bytes: Number(length[1]) };
        this.bodyLeft = this.answer.bytes;
        data = bytes.subarray(end + HEAD_END.length);
      }
      const body = Math.min(this.bodyLeft, data.length);
      this.bodyLeft -= body;
      data = data.subarray(body);
      if (this.bodyLeft > 0) return;
      this.bodyLeft = -1;
      this.waiting.shift()!.resolve(this.answer);
    }
  }

  /** Ends a connection that failed; the next request opens a new one. */
  private drop(socket: net.Socket, error: Error): void {
    if (this.socket !== socket) return;
    this.socket = null;
    socket.destroy();
    const waiting = this.waiting;
    this.waiting = [];
    for (const request of waiting) request.reject(error);
  }
}
