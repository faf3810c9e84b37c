/**
 * Runs a module of the app in a background worker thread (worker-entry.mjs: tsx, lowest CPU priority,
 * SCHED_IDLE where the machine allows: idle-policy.ts),
 * so long CPU work such as checking an import's rows never delays an HTTP answer on the main thread.
 *
 * A worker takes a quarter of a second to start (tsx compiles its modules). A module kept warm
 * (`keepWarm`) always has a spare worker started ahead, its modules loaded, waiting for its input: an
 * import then starts reading at once.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { keepBackgroundThreadsIdle } from './idle-policy.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export interface WorkerOptions {
  /** Memory moved to the worker with `input` rather than copied. */
  transfer?: Transferable[];
  /**
   * A smaller young generation for a worker whose garbage is short-lived and small (V8's default lets it
   * grow to tens of MB before collecting, all of it resident).
   */
  youngGenerationMb?: number;
}

/** What worker-entry.mjs is given: the module to load, and its input unless it is a spare. */
export interface WorkerStart {
  module: string;
  input?: unknown;
  /** A spare says on this port when its modules are loaded and it waits for its input. */
  spare: MessagePort | null;
}

/** What a spare worker waits for. */
export interface SpareInput {
  input: unknown;
}

interface Warm {
  youngGenerationMb?: number;
  restartAfterMs: number;
  spare: Worker | null;
  /** Settles when the spare waits for its input (or has failed). */
  spareReady: Promise<void>;
  /** Where the spare says it is ready; open until it has. */
  readyPort: MessagePort | null;
  /** Settles when the next spare, due after the last work, has been started. */
  restarted: Promise<void>;
  /** The timer that starts it (unref'd: it does not keep the process alive unless waited for). */
  restartTimer: NodeJS.Timeout | null;
}

/** Modules kept warm, by URL. */
const warm = new Map<string, Warm>();
/** How long after a spare has done its work the next one starts. */
const SPARE_RESTART_MS = 10_000;

function newWorker(start: WorkerStart, options: Omit<WorkerOptions, 'transfer'>, transfer: Transferable[] = []): Worker {
  // The worker asks for SCHED_IDLE as it starts; the helper that grants it is started with the first.
  keepBackgroundThreadsIdle();
  // The entry registers tsx itself; the parent's options (e.g. `--import tsx`) are not passed on.
  return new Worker(ENTRY, {
    workerData: start,
    execArgv: [],
    transferList: transfer as never,
    ...(options.youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb } } : {}),
  });
}

function startSpare(module: string, entry: Warm): void {
  const { port1: readyHere, port2: readyThere } = new MessageChannel();
  const spare = newWorker({ module, spare: readyThere }, entry, [readyThere]);
  entry.spareReady = new Promise<void>((resolve) => {
    readyHere.once('message', resolve);
    spare.once('exit', () => resolve());
  }).finally(() => readyHere.close());
  // A spare must not keep the process alive (unless waited for); one that fails is replaced after the next work.
  readyHere.unref();
  entry.readyPort = readyHere;
  spare.unref();
  spare.on('error', () => undefined);
  spare.once('exit', () => {
    if (entry.spare === spare) entry.spare = null;
  });
  entry.spare = spare;
}

/**
 * Keeps a spare worker of `module` started from now on (`options` as `startWorker` will be given them):
 * after each is taken, the next starts `restartAfterMs` after the one taken has finished.
 */
export function keepWarm(module: URL, options: Omit<WorkerOptions, 'transfer'> & { restartAfterMs?: number } = {}): void {
  if (warm.has(module.href)) return;
  const entry: Warm = {
    youngGenerationMb: options.youngGenerationMb,
    restartAfterMs: options.restartAfterMs ?? SPARE_RESTART_MS,
    spare: null,
    spareReady: Promise.resolve(),
    readyPort: null,
    restarted: Promise.resolve(),
    restartTimer: null,
  };
  warm.set(module.href, entry);
  startSpare(module.href, entry);
}

/**
 * Settles when every module kept warm has its spare waiting, including spares still due after work that
 * has ended (a benchmark measures a process that has been up a while, not one still starting them).
 */
export async function warmWorkersReady(): Promise<void> {
  await Promise.all(
    [...warm.values()].map(async (entry) => {
      entry.restartTimer?.ref();
      await entry.restarted;
      entry.readyPort?.ref();
      await entry.spareReady;
    }),
  );
}

/** Stops the spare workers (the process can also exit with them running). */
export function stopWarmWorkers(): Promise<void> {
  const spares = [...warm.values()].map((entry) => entry.spare);
  warm.clear();
  return Promise.all(spares.map((spare) => spare?.terminate())).then(() => undefined);
}

/** Starts `module` (a file URL) with `input`, on the spare worker if it is kept warm. */
export function startWorker(module: URL, input: unknown, options: WorkerOptions = {}): Worker {
  const entry = warm.get(module.href);
  const spare = entry && entry.youngGenerationMb === options.youngGenerationMb ? entry.spare : null;
  let worker: Worker;
  if (entry && spare) {
    entry.spare = null;
    spare.ref();
    spare.postMessage({ input } satisfies SpareInput, (options.transfer ?? []) as never);
    worker = spare;
  } else {
    worker = newWorker({ module: module.href, input, spare: null }, options, options.transfer);
  }
  // A module kept warm gets its next spare a while after this work is done (also after a spare that
  // failed): not during what follows it (an import's commit, the mirror's rebuild), whose CPU and
  // memory the spare's start would add to.
  if (entry) {
    entry.restarted = new Promise((restarted) => {
      worker.once('exit', () => {
        entry.restartTimer = setTimeout(() => {
          entry.restartTimer = null;
          if (warm.get(module.href) === entry && !entry.spare) startSpare(module.href, entry);
          restarted();
        }, entry.restartAfterMs).unref();
      });
    });
  }
  return worker;
}
