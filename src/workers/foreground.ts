/**
 * Background work gives way to the main thread, which answers HTTP (the counter check). Before each of
 * its steps (a COPY chunk of an import, a table of the mirror) it waits while the event loop has been
 * running late, that is while this process is short of CPU: on a small server the database and the
 * import's worker would otherwise take the cores a desk's answer needs. A step never waits longer than
 * MAX_WAIT_MS, so an import on a machine that is busy for other reasons still ends.
 *
 * Statements that PostgreSQL would run on several cores (the reconciliation's join, the mirror's sorts)
 * run on one while the counter is in use (`foregroundActive`), leaving the other cores to the desks.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const TICK_MS = 10;
/** A tick this much late means the main thread is waiting for CPU (or is busy answering). */
const LATE_MS = 5;
/** Background work resumes after this long without a late tick. */
const CALM_MS = 100;
const MAX_WAIT_MS = 1_000;

/** The counter counts as in use for this long after its last check. */
const ACTIVE_FOR_MS = 5_000;

let lastLateAt = Number.NEGATIVE_INFINITY;
let lastForegroundAt = Number.NEGATIVE_INFINITY;
let watching = false;

function watch(): void {
  if (watching) return;
  watching = true;
  let due = performance.now() + TICK_MS;
  setInterval(() => {
    const now = performance.now();
    if (now - due > LATE_MS) lastLateAt = now;
    due = now + TICK_MS;
  }, TICK_MS).unref();
}

export async function giveWayToForeground(): Promise<void> {
  watch();
  const start = performance.now();
  while (performance.now() - lastLateAt < CALM_MS && performance.now() - start < MAX_WAIT_MS) await sleep(2 * TICK_MS);
}

/** Called by the foreground work itself (each counter check). */
export function noteForegroundWork(): void {
  lastForegroundAt = performance.now();
}

/** Whether the counter has been in use in the last few seconds. */
export function foregroundActive(): boolean {
  return performance.now() - lastForegroundAt < ACTIVE_FOR_MS;
}
