/**
 * Who used the machine's cores over a stretch of time, from /proc (Linux): this process's main thread,
 * its other threads at the main thread's priority (V8's helper threads, libuv's pool), its threads at a
 * lower priority (the app's background workers), the load generators (this process's child processes),
 * PostgreSQL's processes, everything else, and idle. A bench prints it for the import window, where the
 * counter's tail comes from threads waiting for a core rather than from work on its path.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuGroup = 'server main thread' | 'server threads at nice 0' | 'server threads niced' | 'load generators' | 'PostgreSQL' | 'other' | 'idle';

const GROUPS: CpuGroup[] = ['server main thread', 'server threads at nice 0', 'server threads niced', 'load generators', 'PostgreSQL', 'other', 'idle'];
const TICK_MS = 10; // USER_HZ is 100 on Linux
const SAMPLE_MS = 250;

/** CPU ticks of each thread or process by id, with its group. */
type Snapshot = Map<string, { group: CpuGroup; ticks: number }>;

function statFields(file: string): { comm: string; fields: string[] } | null {
  try {
    const text = readFileSync(file, 'utf8');
    const close = text.lastIndexOf(')');
    return { comm: text.slice(text.indexOf('(') + 1, close), fields: text.slice(close + 2).split(' ') };
  } catch {
    return null; // gone in between
  }
}

/** utime + stime (fields 14 and 15 of stat; index 11 and 12 after the comm). */
const cpuTicks = (fields: string[]) => Number(fields[11]) + Number(fields[12]);

function snapshot(): Snapshot | null {
  const counted: Snapshot = new Map();
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
    counted.set('idle', { group: 'idle', ticks: (cpu[3] ?? 0) + (cpu[4] ?? 0) });
    counted.set('all', { group: 'other', ticks: cpu.reduce((sum, n) => sum + n, 0) });
  } catch {
    return null; // no procfs
  }
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const stat = statFields(`/proc/${process.pid}/task/${task}/stat`);
    if (!stat) continue;
    const nice = Number(stat.fields[16]);
    const group = Number(task) === process.pid ? 'server main thread' : nice > 0 ? 'server threads niced' : 'server threads at nice 0';
    counted.set(`t${task}`, { group, ticks: cpuTicks(stat.fields) });
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const stat = statFields(`/proc/${entry}/stat`);
    if (!stat) continue;
    if (stat.comm === 'postgres') counted.set(`p${entry}`, { group: 'PostgreSQL', ticks: cpuTicks(stat.fields) });
    else if (Number(stat.fields[1]) === process.pid) counted.set(`p${entry}`, { group: 'load generators', ticks: cpuTicks(stat.fields) });
  }
  return counted;
}

/**
 * Starts counting; `stop()` returns each group's share of one core (%) over the time in between. A thread
 * or process that ends in between (an import's worker) is counted up to its last sample, taken every
 * SAMPLE_MS.
 */
export function cpuShares(): { stop(): Map<CpuGroup, number> | null } {
  const first = snapshot();
  const startedAt = performance.now();
  const used = new Map<string, { group: CpuGroup; ticks: number }>();
  let last = first;
  const sample = () => {
    const now = snapshot();
    if (!now || !last) return;
    for (const [id, { group, ticks }] of now) {
      const before = last.get(id)?.ticks ?? 0; // a thread started in between: all of its time
      const entry = used.get(id) ?? { group, ticks: 0 };
      entry.ticks += ticks - before;
      used.set(id, entry);
    }
    last = now;
  };
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      if (!first) return null;
      const seconds = (performance.now() - startedAt) / 1000;
      const share = (ticks: number) => (ticks * TICK_MS) / 10 / seconds;
      const shares = new Map<CpuGroup, number>(GROUPS.map((g) => [g, 0]));
      let named = 0;
      for (const [id, { group, ticks }] of used) {
        if (id === 'all') continue;
        shares.set(group, shares.get(group)! + share(ticks));
        if (id !== 'idle') named += ticks;
      }
      // The machine's total less everything named and idle is "other" (the kernel, other users).
      shares.set('other', share((used.get('all')?.ticks ?? 0) - named - (used.get('idle')?.ticks ?? 0)));
      return shares;
    },
  };
}

export const CPU_GROUPS = GROUPS;
