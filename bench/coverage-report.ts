/**
 * Bench 2: the desa-level coverage report computed from the raw tables — the reconciliation
 * (`reconcile`, in a transaction as the import runs it: the current resident batch LEFT JOIN the
 * current member batch grouped into cells and findings, plus a count of the member batch for the
 * unmatched members) and `buildCoverageReport` over its rows — against a plain `SELECT count(*)`
 * scan of the same resident table in the same run. Median of several runs after a warm-up, the two alternating.
 * For context, the dashboard's path (CoverageService over the stored snapshot) is timed too.
 *
 * Goal: < 1 s on the server.
 *
 *   node --import tsx bench/coverage-report.ts [--scale 1] [--backend both] [--runs 5] [--explain]
 */
import { openApp } from '../src/app/context.ts';
import { buildCoverageReport } from '../src/domain/coverage.ts';
import { CoverageService } from '../src/modules/coverage/coverage-service.ts';
import { reconcile, reconciliationQuery, SERVER_JOIN_WORK_MEM } from '../src/modules/coverage/snapshot-repository.ts';
import { currentSource } from '../src/modules/registry/batch-repository.ts';
import { forEachBackend } from './support/backends.ts';
import { fmt, log, machineLine, median, parseOptions, printTable } from './support/cli.ts';
import { benchData } from './support/data.ts';
import { importSource } from './support/district.ts';

const GOAL_MS = 1000;

const options = parseOptions('bench/coverage-report.ts: desa-level coverage report from the raw tables vs count(*)', {
  runs: { default: '5', help: 'timed runs of each (after one warm-up); the median is reported' },
  explain: { default: 'no', help: 'yes: print EXPLAIN (ANALYZE, BUFFERS) of the reconciliation query' },
});
const runs = Math.max(1, Number(options.runs));
const data = await benchData(options.scale, options.seed, log);
const rows: string[][] = [];

process.stdout.write(
  `coverage-report — ${machineLine()}\n` +
    `${fmt.int(data.penduduk.rows)} residents (${fmt.int(data.summary.living)} living), ${fmt.int(data.peserta.rows)} members ` +
    `(scale ${options.scale}, seed ${options.seed}); median of ${runs} runs after a warm-up\n`,
);

await forEachBackend(options.backends, log, async (backend) => {
  const app = await openApp(backend.config, { holder: { command: 'bench coverage-report' } });
  try {
    log(`${backend.label}: importing the district`);
    await importSource(app, 'penduduk', data.penduduk.path, log);
    await importSource(app, 'peserta', data.peserta.path, log);
    const districtCode = app.district.district.code;
    const penduduk = (await currentSource(app.db, districtCode, 'penduduk'))!;
    const peserta = (await currentSource(app.db, districtCode, 'peserta'))!;
    const residentTable = `resident_b${penduduk.batchId}`;
    const memberTable = `member_b${peserta.batchId}`;
    const { district, kecamatan, desa } = app.district;
    // As the import's commit runs it: more memory for the join on the server only.
    const joinWorkMem = app.db.kind === 'server' ? SERVER_JOIN_WORK_MEM : null;

    const countScan = async () => {
      const [{ n }] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${residentTable}`);
      return n;
    };
    let queryMs = 0;
    const report = async () => {
      const start = performance.now();
      const { cells } = await app.db.transaction((tx) => reconcile(tx, { residentTable, memberTable, joinWorkMem }));
      queryMs = performance.now() - start;
      return { cells: cells.length, report: buildCoverageReport(cells, district, kecamatan, desa, 'desa', peserta.dataPer) };
    };
    const time = async <T>(work: () => Promise<T>) => {
      const start = performance.now();
      const value = await work();
      return { ms: performance.now() - start, value };
    };

    log(`${backend.label}: warm-up`);
    await countScan();
    const warm = await report();
    if (warm.report.total.population !== data.summary.living) {
      log(`  note: report population ${warm.report.total.population} ≠ generated living residents ${data.summary.living}`);
    }
    const scans: number[] = [];
    const reports: number[] = [];
    const queries: number[] = [];
    for (let run = 0; run < runs; run++) {
      scans.push((await time(countScan)).ms);
      reports.push((await time(report)).ms);
      queries.push(queryMs);
    }
    const reportMs = median(reports);
    const scanMs = median(scans);
    const queryOnlyMs = median(queries);

    const service = new CoverageService(app.db, app.district);
    const cold = await time(() => service.report('desa'));
    const warmService: number[] = [];
    for (let run = 0; run < runs; run++) warmService.push((await time(() => service.report('desa'))).ms);

    const goal = backend.name === 'postgres' ? `< ${GOAL_MS} ms` : `(< ${GOAL_MS} ms on the server)`;
    rows.push(
      [
        backend.name,
        'desa report from raw tables (query + build)',
        fmt.ms(reportMs),
        `count(*) ${fmt.ms(scanMs)}`,
        fmt.ratio(reportMs / scanMs),
        goal,
        fmt.goal(reportMs < GOAL_MS),
      ],
      [backend.name, '  of which reconciliation (join + member count)', fmt.ms(queryOnlyMs), '', fmt.ratio(queryOnlyMs / scanMs), '', ''],
      [backend.name, '  of which buildCoverageReport', fmt.ms(reportMs - queryOnlyMs), `${warm.cells} cells, ${warm.report.rows.length} desa rows`, '', '', ''],
      [backend.name, 'desa report from stored snapshot (dashboard path)', `cold ${fmt.ms(cold.ms)}, warm ${fmt.ms(median(warmService))}`, '', '', '', ''],
    );

    if (options.explain === 'yes') {
      const plan = await app.db.transaction(async (tx) => {
        if (joinWorkMem) await tx.query(`SELECT set_config('work_mem', $1, true)`, [joinWorkMem]);
        return tx.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${reconciliationQuery(residentTable, memberTable)}`);
      });
      process.stdout.write(`\n${backend.label} plan of the reconciliation query:\n${plan.map((r) => Object.values(r)[0]).join('\n')}\n`);
    }
  } finally {
    await app.close();
  }
});

printTable('Coverage report at desa level (medians)', ['backend', 'figure', 'value', 'baseline', 'ratio', 'goal', 'goal met?'], rows);
