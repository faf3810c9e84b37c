// Lowers the CPU priority of the calling thread (a worker), so that it yields the CPU to the main
// thread, which answers HTTP (the counter check), whenever both want it. On Linux a thread's id is a
// pid for setpriority; elsewhere the thread keeps the process's priority.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { BroadcastChannel } from 'node:worker_threads';

/** idle-policy.ts's IDLE_POLICY_CHANNEL (this plain module runs before tsx is registered). */
const IDLE_POLICY_CHANNEL = 'smart-jkn:idle-policy';

/** This thread's id on Linux (/proc/thread-self), else null. */
function threadId() {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return id > 0 ? id : null;
  } catch {
    return null; // no /proc (not Linux)
  }
}

/**
 * `nice`: 0 (as the main thread) to 19 (only when nothing else wants the CPU). `idle`: also ask for
 * SCHED_IDLE (idle-policy.ts), which the main thread's helper grants where the machine allows it.
 */
export function lowerThreadPriority(nice, { idle = false } = {}) {
  const id = threadId();
  if (id === null) return;
  try {
    setPriority(id, nice);
  } catch {
    // not permitted: the same priority as the main thread
  }
  if (idle) {
    const channel = new BroadcastChannel(IDLE_POLICY_CHANNEL);
    channel.postMessage(id);
    channel.close();
  }
}
