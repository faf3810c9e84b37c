/** Command-line options shared by the benches, and the printing of their figures. */
import os from 'node:os';
import { parseArgs } from 'node:util';

export interface CommonOptions {
  /** 1 = the real district (1,457,591 living residents). */
  scale: number;
  seed: number;
  backends: ('pglite' | 'postgres')[];
}

export function parseOptions<T extends Record<string, { default: string; help: string }>>(
  usage: string,
  extra: T,
): CommonOptions & { [K in keyof T]: string } {
  const common = {
    scale: { default: '1', help: 'size of the synthetic district; 1 = 1,457,591 residents, 0.05 for a quick run' },
    seed: { default: '2026', help: 'generator seed' },
    backend: { default: 'both', help: 'pglite, postgres or both' },
  };
  const all = { ...common, ...extra };
  const { values: parsed } = parseArgs({
    options: {
      ...Object.fromEntries(Object.entries(all).map(([name, o]) => [name, { type: 'string' as const, default: o.default }])),
      help: { type: 'boolean', short: 'h' },
    },
  });
  const values = parsed as Record<string, string | boolean | undefined>;
  if (values.help) {
    process.stdout.write(`${usage}\n\nOptions:\n`);
    for (const [name, o] of Object.entries(all)) process.stdout.write(`  --${name.padEnd(12)} ${o.help} (default ${o.default})\n`);
    process.exit(0);
  }
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  if (!(scale > 0) || !Number.isInteger(seed)) throw new Error('--scale must be positive and --seed an integer');
  const backend = String(values.backend);
  const backends = backend === 'both' ? (['pglite', 'postgres'] as const) : [backend];
  if (!backends.every((b) => b === 'pglite' || b === 'postgres')) throw new Error('--backend: pglite, postgres or both');
  const rest = Object.fromEntries(Object.keys(extra).map((k) => [k, String(values[k])])) as { [K in keyof T]: string };
  return { ...rest, scale, seed, backends: [...backends] as CommonOptions['backends'] };
}

export function log(line: string): void {
  process.stderr.write(`· ${line}\n`);
}

export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB, Node ${process.version}`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const fmt = {
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
  ms: (ms: number) => (ms < 10 ? `${ms.toFixed(2)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`),
  mb: (kb: number) => `${Math.round(kb / 1024)} MB`,
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  ratio: (r: number) => `${r.toFixed(2)}×`,
  goal: (met: boolean) => (met ? 'met' : 'NOT met'),
};

/** Prints rows as an aligned plain-text table (also valid Markdown). */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`\n${title}\n\n${line(header)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}
