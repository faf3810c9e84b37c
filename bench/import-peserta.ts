/**
 * Bench 1: importing the current BPJS membership extract (`peserta`, ~1.44 M rows at scale 1) with
 * full validation through importFile — after the matching population register, so its commit also
 * stores the coverage snapshot (the database's join of the two batches) — against a
 * raw COPY of the same file into a plain table with the same columns, in the same database. Each runs
 * in a child process; peak memory is reported above that of an idle child that only opened the same
 * database.
 *
 * Goals: import ≤ 2× COPY; import peak RSS ≤ 300 MB above idle. bench/coverage-report.ts measures
 * the join alone.
 *
 *   node --import tsx bench/import-peserta.ts [--scale 1] [--backend both] [--runs 1]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp } from '../src/app/context.ts';
import { forEachBackend } from './support/backends.ts';
import { runChild } from './support/child.ts';
import { fmt, log, machineLine, median, parseOptions, printTable } from './support/cli.ts';
import { benchData } from './support/data.ts';
import { importSource } from './support/district.ts';
import type { PesertaChildInput, PesertaChildResult } from './support/peserta-child.ts';

const RATIO_GOAL = 2;
const MEMORY_GOAL_MB = 300;
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/peserta-child.ts');

const options = parseOptions('bench/import-peserta.ts: peserta import with full validation vs raw COPY', {
  runs: { default: '1', help: 'COPY / import pairs per backend (alternating); medians are reported' },
});
const runs = Math.max(1, Number(options.runs));
const data = await benchData(options.scale, options.seed, log);
const summaryRows: string[][] = [];
const phaseRows: string[][] = [];

process.stdout.write(
  `import-peserta — ${machineLine()}\n` +
    `peserta ${path.basename(data.peserta.path)}: ${fmt.int(data.peserta.rows)} rows, ${fmt.mb(data.peserta.bytes / 1024)}; ` +
    `penduduk ${fmt.int(data.penduduk.rows)} rows (scale ${options.scale}, seed ${options.seed}); ${runs} run(s) per backend\n`,
);

await forEachBackend(options.backends, log, async (backend) => {
  log(`${backend.label}: importing penduduk first`);
  const app = await openApp(backend.config, { holder: { command: 'bench import-peserta' } });
  let penduduk: { ms: number; rows: number };
  try {
    penduduk = await importSource(app, 'penduduk', data.penduduk.path, log);
  } finally {
    await app.close();
  }
  const child = (mode: PesertaChildInput['mode']) =>
    runChild<PesertaChildResult>(CHILD, { mode, config: backend.config, file: data.peserta.path } satisfies PesertaChildInput);

  const idle = await child('idle');
  const copies: PesertaChildResult[] = [];
  const imports: PesertaChildResult[] = [];
  for (let run = 1; run <= runs; run++) {
    log(`${backend.label}: run ${run}/${runs}: raw COPY`);
    copies.push(await child('copy'));
    log(`  COPY ${fmt.int(copies.at(-1)!.rows)} rows in ${fmt.s(copies.at(-1)!.ms)}; importFile`);
    imports.push(await child('import'));
    log(`  import ${fmt.int(imports.at(-1)!.rows)} rows in ${fmt.s(imports.at(-1)!.ms)} (${imports.at(-1)!.status})`);
  }

  const importMs = median(imports.map((r) => r.ms));
  const copyMs = median(copies.map((r) => r.ms));
  const rows = imports[0].rows;
  const ratio = importMs / copyMs;
  const importPeak = Math.max(...imports.map((r) => r.memory.peakKb));
  const copyPeak = Math.max(...copies.map((r) => r.memory.peakKb));
  const aboveIdleMb = (importPeak - idle.memory.peakKb) / 1024;
  summaryRows.push(
    [backend.name, 'import time (importFile, whole)', fmt.s(importMs), `COPY ${fmt.s(copyMs)}`, fmt.ratio(ratio), `≤ ${RATIO_GOAL}×`, fmt.goal(ratio <= RATIO_GOAL)],
    [backend.name, 'import rows/s', fmt.int(rows / (importMs / 1000)), `COPY ${fmt.int(copies[0].rows / (copyMs / 1000))}`, fmt.ratio(copyMs / importMs), '', ''],
    [
      backend.name,
      'import peak RSS above idle',
      `${Math.round(aboveIdleMb)} MB`,
      `idle ${fmt.mb(idle.memory.peakKb)}, COPY ${fmt.mb(copyPeak)}`,
      `peak ${fmt.mb(importPeak)}`,
      `≤ ${MEMORY_GOAL_MB} MB`,
      fmt.goal(aboveIdleMb <= MEMORY_GOAL_MB),
    ],
    [backend.name, 'penduduk import (setup, context)', fmt.s(penduduk.ms), `${fmt.int(penduduk.rows)} rows`, `${fmt.int(penduduk.rows / (penduduk.ms / 1000))} rows/s`, '', ''],
  );
  const p = (key: keyof NonNullable<PesertaChildResult['phases']>) => median(imports.map((r) => r.phases![key]));
  const share = (ms: number) => `${Math.round((100 * ms) / importMs)} %`;
  phaseRows.push(
    [
      backend.name,
      'read + check + COPY',
      fmt.s(p('loadMs')),
      share(p('loadMs')),
      `of which COPY statements busy ${fmt.s(p('copyBusyMs'))}`,
    ],
    [backend.name, 'duplicate NIK look-up + batch facts', fmt.s(p('checksMs')), share(p('checksMs')), 'only when the tally found duplicates'],
    [backend.name, 'ANALYZE', fmt.s(p('statisticsMs')), share(p('statisticsMs')), 'samples 3,000 rows'],
    [backend.name, 'commit: attach + snapshot', fmt.s(p('commitMs')), share(p('commitMs')), `of which the snapshot (the join and its cells) ${fmt.s(p('snapshotMs'))}`],
    [backend.name, 'rest (batch bookkeeping)', fmt.s(p('restMs')), share(p('restMs')), ''],
    [
      backend.name,
      'peak RSS by phase',
      '',
      '',
      `after load ${fmt.mb(p('peakKbAfterLoad'))}, before commit ${fmt.mb(p('peakKbBeforeCommit'))}, end ${fmt.mb(importPeak)}`,
    ],
    [backend.name, 'memoryUsage() at peak RSS', '', '', heapNote(imports)],
  );
});

function heapNote(imports: PesertaChildResult[]): string {
  const at = imports.reduce((a, r) => ((r.atPeak?.rssMb ?? 0) > (a.atPeak?.rssMb ?? 0) ? r : a)).atPeak;
  if (!at) return '';
  return `rss ${at.rssMb} MB: V8 heap ${at.heapUsedMb} used / ${at.heapTotalMb} MB, external ${at.externalMb} MB (array buffers ${at.arrayBuffersMb} MB)`;
}

printTable('Summary (medians; ratio = figure / baseline, rows/s ratio = import speed / COPY speed)', ['backend', 'figure', 'value', 'baseline', 'ratio', 'goal', 'goal met?'], summaryRows);
printTable('Import phases (median)', ['backend', 'phase', 'time', 'share', 'note'], phaseRows);
