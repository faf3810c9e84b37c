/**
 * Lowers the calling thread's CPU priority, so that a worker thread gives way to the main thread,
 * which answers the counter check, whenever both want a core. On Linux a thread's id is a pid for
 * setpriority; elsewhere the thread keeps the process's priority.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** `nice`: 0 (as the main thread) to 19 (only when nothing else wants the CPU). */
export function lowerThreadPriority(nice: number): void {
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), nice);
  } catch {
    // no /proc (not Linux), or not permitted: the main thread's priority
  }
}
