/**
 * Background worker threads (an import's rows, the mirror's rebuild) run under Linux's SCHED_IDLE
 * policy where the machine allows it: they then use only CPU time that nothing else wants, and give the
 * core back the moment the main thread wakes to answer a desk. At nice 19, the lowest priority Node can
 * set, the scheduler still lets a background thread finish its time slice (up to a few milliseconds)
 * before the main thread runs, at every one of its many wake-ups a second.
 *
 * Node has no call for a thread's scheduling policy, so a helper process started once, while this
 * process is still small, runs `chrt --idle -p 0 <thread id>` (util-linux) for each thread announced
 * on IDLE_POLICY_CHANNEL. Where there is no `chrt`, no /proc or no Linux, the threads stay at nice 19.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { BroadcastChannel } from 'node:worker_threads';

/** Where a background thread announces its thread id (thread-priority.mjs posts on it). */
const IDLE_POLICY_CHANNEL = 'smart-jkn:idle-policy';

let helper: ChildProcess | null = null;
let channel: BroadcastChannel | null = null;

/** Starts the helper and listens for background threads; again is a no-op. */
export function keepBackgroundThreadsIdle(): void {
  if (channel || process.platform !== 'linux') return;
  try {
    helper = spawn('sh', ['-c', 'while read -r tid; do chrt --idle -p 0 "$tid" >/dev/null 2>&1; done'], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  } catch {
    return; // no shell: the threads keep nice 19
  }
  helper.on('error', () => undefined);
  helper.stdin!.on('error', () => undefined);
  // Neither keeps the process alive.
  helper.unref();
  (helper.stdin as unknown as { unref?: () => void }).unref?.();
  channel = new BroadcastChannel(IDLE_POLICY_CHANNEL);
  channel.unref();
  channel.onmessage = (event) => {
    const threadId = (event as { data: unknown }).data;
    if (typeof threadId !== 'number' || !Number.isInteger(threadId) || threadId <= 0) return;
    if (helper?.stdin?.writable) helper.stdin.write(`${threadId}\n`);
  };
}
