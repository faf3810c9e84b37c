// Lowers the CPU priority of the calling thread (a worker), so that it yields the CPU to the main
// thread, which answers HTTP (the counter check), whenever both want it. On Linux a thread's id is a
// pid for setpriority; elsewhere the thread keeps the process's priority.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** `nice`: 0 (as the main thread) to 19 (only when nothing else wants the CPU). */
export function lowerThreadPriority(nice) {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (threadId > 0) setPriority(threadId, nice);
  } catch {
    // no /proc (not Linux): the same priority as the main thread
  }
}
