/**
 * A small HTTP load generator, run as a child process so it does not share the server's event loop:
 * `concurrency` keep-alive connections (keep-alive-connection.ts) each send one request after another
 * for a fixed time (after an unrecorded warm-up), and the latency of every request is kept. Stops by
 * itself. It also reports its own CPU time and event-loop delay, since it shares the machine.
 *
 * With `ratePerSecond` the load is open: requests are due on a fixed schedule spread over the
 * connections, and latency counts from when a request was due, so a stalled server shows up as latency
 * (no coordinated omission). With `pathsFile` each request takes the next path from the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { childInput, sendResult } from './child.ts';
import { KeepAliveConnection } from './keep-alive-connection.ts';
import { Lateness } from './lateness.ts';

export interface LoadInput {
  url: string;
  cookie?: string;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  /** One path per line, appended to the URL's origin in turn (instead of the URL's own path). */
  pathsFile?: string;
  /** Requests per second across all connections; unset = as fast as the server answers. */
  ratePerSecond?: number;
  /**
   * Open loads only: whether a connection sends each request when it is due, before the answers to
   * earlier ones have come (HTTP/1.1 pipelining; the default), or only after (as a single client would).
   */
  pipelined?: boolean;
  /** Stop as soon as this file exists (for a load that lasts as long as some other work). */
  stopFile?: string;
  /**
   * This process's CPU priority (`nice`, −20…19). Below 0 needs root or CAP_SYS_NICE; when refused, the
   * load runs at the priority it has and says so (`niceRefused`).
   */
  nice?: number;
}

export interface LoadResult {
  requests: number;
  /** Responses other than 200, and failed requests. */
  errors: number;
  firstError: string | null;
  elapsedMs: number;
  /** Latencies of the recorded requests, ms, sorted. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /**
   * p99 of how long after its due time a request was sent (open loop): a connection sends its next
   * request only after the answer to the last, so a stall leaves requests waiting here.
   */
  sendLateP99: number;
  /** Whether the load was open (`ratePerSecond`). */
  open: boolean;
  /** p99 from sending a request to its answer. */
  answerP99: number;
  mean: number;
  bytesPerResponse: number;
  /**
   * Per WINDOW_MS of due time (`at`: its start, ms since the epoch): how many requests, their p99 and
   * max, and how late this process's event loop ran at worst in that window.
   */
  windows: { at: number; requests: number; p99: number; max: number; loopLateMax: number }[];
  niceRefused: boolean;
  /** This process's own CPU time per second of the recorded load, ms (1000 = a whole core). */
  cpuMsPerSecond: number;
  /** How late this process's event loop ran at worst while it recorded, ms: its own waits count as latency. */
  loopDelayMaxMs: number;
}

const WINDOW_MS = 250;

/** A bound on the loop whatever the clock does. */
const MAX_REQUESTS_PER_CONNECTION = 2_000_000;

async function run(input: LoadInput): Promise<LoadResult> {
  let niceRefused = false;
  if (input.nice) {
    try {
      setPriority(0, input.nice);
    } catch {
      niceRefused = true;
    }
  }
  const base = new URL(input.url);
  const paths = input.pathsFile ? readFileSync(input.pathsFile, 'utf8').split('\n').filter(Boolean) : [base.pathname + base.search];
  const headerLines = input.cookie ? `Cookie: ${input.cookie}\r\n` : '';
  const requests = paths.map((p) => KeepAliveConnection.get(base, p, headerLines));
  let next = 0;
  const started = performance.now();
  let stopped = false;
  const watch = input.stopFile
    ? setInterval(() => {
        stopped = existsSync(input.stopFile!);
      }, 50)
    : null;
  const connections = Array.from({ length: input.concurrency }, () => new KeepAliveConnection(base.hostname, Number(base.port) || 80));
  const lateness = new Lateness(WINDOW_MS);
  let cpuAtWarmupEnd: NodeJS.CpuUsage | null = null;
  const latencies: number[] = [];
  const sendLate: number[] = [];
  const dueAt: number[] = [];
  let errors = 0;
  let bytes = 0;
  let firstError: string | null = null;
  const warmupEnd = performance.now() + input.warmupMs;
  const end = warmupEnd + input.durationMs;
  let recordedFrom = Infinity;
  let recordedTo = 0;
  // An open load pipelines unless told not to: each request goes out when it is due, whether or not the
  // answer to the one before on its connection has come (desks do not wait for each other's answers).
  const pipelined = Boolean(input.ratePerSecond) && input.pipelined !== false;
  const inFlight = new Set<Promise<void>>();
  const connection = async (c: number) => {
    // The open-loop schedule starts again when the warm-up ends: requests this process fell behind on
    // while it started (new connections, code not yet compiled) are not carried into the record.
    let origin = started;
    let first = 0;
    for (let i = 0; i < MAX_REQUESTS_PER_CONNECTION; i++) {
      let start = performance.now();
      if (input.ratePerSecond) {
        if (origin === started && start >= warmupEnd) {
          origin = warmupEnd;
          first = i;
        }
        const due = origin + (((i - first) * input.concurrency + c) * 1000) / input.ratePerSecond;
        // Whole milliseconds, rounded up: a timer truncates, and would send a request before it is due.
        if (due > start) await sleep(Math.ceil(due - start));
        start = due;
      }
      if (start >= end || stopped) return;
      const recorded = start >= warmupEnd;
      if (recorded && !cpuAtWarmupEnd) {
        cpuAtWarmupEnd = process.cpuUsage();
        lateness.start();
      }
      const answered = send(c, start, recorded);
      if (pipelined) {
        inFlight.add(answered);
        void answered.then(() => inFlight.delete(answered));
      } else {
        await answered;
      }
    }
  };
  /** Sends the next request on connection `c` (due at `start`) and records its answer. */
  const send = async (c: number, start: number, recorded: boolean) => {
    const sentAt = performance.now();
    try {
      const res = await connections[c]!.request(requests[next++ % requests.length]!);
      const done = performance.now();
      if (!recorded) return;
      recordedFrom = Math.min(recordedFrom, start);
      recordedTo = Math.max(recordedTo, done);
      latencies.push(done - start);
      sendLate.push(sentAt - start);
      dueAt.push(start);
      bytes += res.bytes;
      if (res.status !== 200) {
        errors++;
        firstError ??= `HTTP ${res.status}`;
      }
    } catch (error) {
      if (!recorded) return;
      errors++;
      firstError ??= (error as Error).message;
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, (_, c) => connection(c)));
  await Promise.all(inFlight);
  const cpu = process.cpuUsage(cpuAtWarmupEnd ?? undefined);
  lateness.stop();
  if (watch) clearInterval(watch);
  for (const connection of connections) connection.close();
  const byWindow = new Map<number, number[]>();
  dueAt.forEach((due, i) => {
    const window = Math.floor((performance.timeOrigin + due) / WINDOW_MS) * WINDOW_MS;
    (byWindow.get(window) ?? byWindow.set(window, []).get(window)!).push(latencies[i]);
  });
  const windows = [...byWindow.entries()]
    .sort(([a], [b]) => a - b)
    .map(([at, values]) => {
      values.sort((a, b) => a - b);
      return { at, requests: values.length, p99: percentileOf(values, 0.99), max: values.at(-1)!, loopLateMax: lateness.at(at) };
    });
  const answers = latencies.map((latency, i) => latency - sendLate[i]!).sort((a, b) => a - b);
  sendLate.sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  const at = (p: number) => percentileOf(latencies, p);
  const elapsedMs = recordedTo - recordedFrom;
  return {
    requests: latencies.length,
    errors,
    firstError,
    elapsedMs,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: latencies.at(-1) ?? NaN,
    sendLateP99: percentileOf(sendLate, 0.99),
    open: Boolean(input.ratePerSecond),
    answerP99: percentileOf(answers, 0.99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    bytesPerResponse: bytes / Math.max(1, latencies.length),
    windows,
    niceRefused,
    cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / (elapsedMs / 1000),
    loopDelayMaxMs: lateness.max(),
  };
}

/** Of sorted values. */
function percentileOf(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

sendResult(await run(childInput<LoadInput>()));
