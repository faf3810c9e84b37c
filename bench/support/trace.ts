/**
 * A Database that forwards to the real one and notes when each statement ran, so a bench can split
 * an import into its phases (load, whole-file checks, statistics, commit with the snapshot) without any
 * hook in src/.
 */
import type { Database, Sql } from '../../src/db/client.ts';
import { memory } from './child.ts';

export type Step = 'copy' | 'duplicates' | 'facts' | 'analyze' | 'attach' | 'snapshot' | 'transaction' | 'drop' | 'other';

export interface TraceEvent {
  step: Step;
  start: number;
  end: number;
  /** Peak RSS of the process when the statement started, KB. */
  peakKbAtStart: number;
}

function stepOf(text: string): Step {
  if (/GROUP BY nik HAVING/.test(text)) return 'duplicates';
  if (/count\(\*\)::int AS rows/.test(text)) return 'facts';
  if (/^\s*ANALYZE/.test(text)) return 'analyze';
  if (/ATTACH PARTITION/.test(text)) return 'attach';
  // The reconciliation (its work_mem setting, the join, the member count) and the stored cells.
  if (/coverage_|LEFT JOIN|set_config\('work_mem'|AS n FROM member_b/.test(text)) return 'snapshot';
  if (/^\s*DROP TABLE/.test(text)) return 'drop';
  return 'other';
}

export function traced(db: Database, events: TraceEvent[]): Database {
  const time = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
    const event: TraceEvent = { step, start: performance.now(), end: 0, peakKbAtStart: memory().peakKb };
    events.push(event);
    try {
      return await work();
    } finally {
      event.end = performance.now();
    }
  };
  // Spread first, so methods added to Sql later are forwarded untimed.
  const wrap = (sql: Sql): Sql => ({
    ...sql,
    query: (text, params) => time(stepOf(text), () => sql.query(text, params)),
    copyCsv: (table, columns, csv) => time('copy', () => sql.copyCsv(table, columns, csv)),
    copyOut: (query) => time(stepOf(query), () => sql.copyOut(query)),
  });
  return {
    ...db,
    ...wrap(db),
    kind: db.kind,
    transaction: (work) => time('transaction', () => db.transaction((tx) => work(wrap(tx)))),
    close: () => db.close(),
  };
}

export interface ImportPhases {
  /** Stream, parse, validate and COPY every row into the batch table (COPY overlaps parsing). */
  loadMs: number;
  /** Time the COPY statements were running, overlapping the parse. */
  copyBusyMs: number;
  /** Duplicate NIK check and batch facts over the loaded table. */
  checksMs: number;
  /** ANALYZE of the batch table (with its transaction). */
  statisticsMs: number;
  /** The commit transaction: attach the partition, reconcile into the snapshot. */
  commitMs: number;
  /** Of the commit: the snapshot statements (the join, the stored cells). */
  snapshotMs: number;
  /** Before the first statement and after the commit (batch bookkeeping, drop of a replaced batch). */
  restMs: number;
  totalMs: number;
  /** Peak RSS reached by the end of the load (the start of the statistics), and by the start of the commit, KB. */
  peakKbAfterLoad: number;
  peakKbBeforeCommit: number;
}

export function importPhases(events: TraceEvent[], start: number, end: number): ImportPhases {
  const first = (step: Step) => events.find((e) => e.step === step);
  const sum = (step: Step) => events.filter((e) => e.step === step).reduce((a, e) => a + e.end - e.start, 0);
  const dup = first('duplicates');
  const within = (outer: TraceEvent, step: Step) => events.some((e) => e.step === step && e.start >= outer.start && e.end <= outer.end);
  // The commit is the transaction that attaches the batch (or, for an older extract, stores its snapshot);
  // the statistics of the batch are gathered in a transaction of their own.
  const transactions = events.filter((e) => e.step === 'transaction');
  const tx = transactions.find((t) => within(t, 'attach')) ?? transactions.find((t) => within(t, 'snapshot'));
  const statistics = transactions.find((t) => within(t, 'analyze'));
  // The load ends where the whole-file steps begin: the duplicate look-up (only when the tally found
  // some) or the statistics.
  const loadEnd = Math.min(dup?.start ?? end, statistics?.start ?? end);
  const snapshotMs = tx ? events.filter((e) => e.step === 'snapshot' && e.start >= tx.start && e.end <= tx.end).reduce((a, e) => a + e.end - e.start, 0) : 0;
  const checksMs = sum('duplicates') + sum('facts');
  const statisticsMs = statistics ? statistics.end - statistics.start : 0;
  const commitMs = tx ? tx.end - tx.start : 0;
  const loadMs = loadEnd - start;
  return {
    loadMs,
    copyBusyMs: sum('copy'),
    checksMs,
    statisticsMs,
    commitMs,
    snapshotMs,
    restMs: end - start - loadMs - checksMs - statisticsMs - commitMs,
    totalMs: end - start,
    peakKbAfterLoad: statistics?.peakKbAtStart ?? 0,
    peakKbBeforeCommit: tx?.peakKbAtStart ?? 0,
  };
}
