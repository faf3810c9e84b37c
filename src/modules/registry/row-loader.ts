/**
 * Turns the records of an import file into COPY text for its batch table (`line`, then the source's
 * database columns; district and batch are the table's defaults) and into row issues.
 *
 * A row written in canonical form (every field passes its canonical check, sources.ts) is copied
 * byte for byte after its line number, and the database parses it. Any other row goes through the
 * row rules (`parse`), which accept the normalisations formats.md allows and report every problem with
 * its column and reason. A clean extract thus never becomes strings; a file with odd rows pays only
 * for those.
 */
import { CopyText, toCsvLine } from '../../db/copy-text.ts';
import { issue } from '../../domain/row-issues.ts';
import { type FieldCheck, FieldAt } from './canonical-fields.ts';
import { type CsvConsumer, type CsvRecord, normaliseHeader, type PlainRecord } from './csv-records.ts';
import { NikTally } from './nik-tally.ts';
import type { CanonicalRule, RowContext, RowIssue, SourceSpec } from './sources.ts';

/** A row error of an import file: its line, column and reason. */
export interface ImportIssue extends RowIssue {
  line: number;
}

export interface RowSink {
  /** Loads CSV (UTF-8 bytes, the sink's to keep) with the columns `line` and then the source's database columns. */
  copy(csv: Uint8Array): Promise<void>;
  /** COPY text is handed on once this much has gathered. */
  copyChunkBytes: number;
  report(found: ImportIssue): Promise<void>;
}
const COMMA = 0x2c;
const LF = 0x0a;
/**
 * The first chunk is handed on at this size, and each next one at twice the size before, up to the
 * sink's: the database starts copying while the rest of the file is read.
 */
const FIRST_CHUNK_BYTES = 128 * 1024;

interface CanonicalColumn {
  /** Index of the column in the file's header, or -1 when absent. */
  position: number;
  check: FieldCheck;
  /** COPY text for an empty field or an absent column; null: the row is left to `parse`. */
  whenEmpty: Buffer | null;
}

export class RowLoader implements CsvConsumer {
  /** The normalised header, once read. */
  columns: string[] | null = null;
  missingColumns: string[] = [];
  rowsTotal = 0;
  /** Rows handed to COPY, and of them the rows copied as written. */
  rowsLoaded = 0;
  rowsCanonical = 0;
  /** The latest as-of date (`data_per`) among the rows loaded, for a source that has one. */
  latestDataPer: string | null = null;
  /** The NIK of every row loaded, for the duplicate check after the load. */
  readonly niks = new NikTally();

  private readonly out = new CopyText();
  private chunkBytes: number;
  private readonly pendingIssues: ImportIssue[] = [];
  private readonly rowIssues: RowIssue[] = [];
  private index = new Map<string, number>();
  private fields: string[] = [];
  private readonly field = (name: string) => {
    const i = this.index.get(name);
    return i === undefined ? '' : (this.fields[i] ?? '').trim();
  };
  private readonly rule: CanonicalRule;
  private canonicalColumns: CanonicalColumn[] = [];
  /** Position of the NIK among the database columns (and so in `canonicalColumns` and parsed values). */
  private readonly nikColumn: number;
  /** The file has exactly the database columns, in their order: a row can be copied in one piece. */
  private inTableOrder = false;
  /** Header positions of the columns whose empty field COPY must be given a value. */
  private positionsToFill: number[] = [];
  /** Header position of the as-of date, and its latest value so far as bytes (canonical rows). */
  private dataPerPosition = -1;
  private readonly latestDataPerBytes = Buffer.alloc(10);
  /** The rule relating a record's fields, once the header is read. */
  private rowCheck: ((record: PlainRecord) => boolean) | null = null;

  constructor(
    private readonly spec: SourceSpec,
    private readonly context: RowContext,
    private readonly sink: RowSink,
  ) {
    this.chunkBytes = Math.min(FIRST_CHUNK_BYTES, sink.copyChunkBytes);
    this.rule = spec.canonical(context);
    this.nikColumn = spec.dbColumns.indexOf('nik');
  }

  header(record: CsvRecord): boolean {
    const columns = normaliseHeader(record.fields);
    this.columns = columns;
    this.index = new Map(columns.map((name, i) => [name, i]));
    this.missingColumns = this.spec.columns.filter((c) => c.required && !this.index.has(c.name)).map((c) => c.name);
    for (const column of this.missingColumns) {
      this.pendingIssues.push({ line: record.line, column, ...issue('header_missing', { column }) });
    }
    this.canonicalColumns = this.spec.dbColumns.map((name) => {
      const { check, whenEmpty } = this.rule.columns[name];
      return { position: this.index.get(name) ?? -1, check, whenEmpty: whenEmpty === undefined ? null : Buffer.from(whenEmpty) };
    });
    const dataPerColumn = this.spec.dataPerIndex === undefined ? undefined : this.spec.dbColumns[this.spec.dataPerIndex];
    this.dataPerPosition = dataPerColumn === undefined ? -1 : (this.index.get(dataPerColumn) ?? -1);
    this.inTableOrder = columns.length === this.spec.dbColumns.length && this.spec.dbColumns.every((name, i) => columns[i] === name);
    this.rowCheck = this.rule.row?.((column) => new FieldAt(this.index.get(column) ?? -1)) ?? null;
    this.positionsToFill = this.canonicalColumns.filter((c) => c.position >= 0 && (c.whenEmpty?.length ?? 0) > 0).map((c) => c.position);
    return this.missingColumns.length === 0;
  }

  accepts(record: PlainRecord): boolean {
    const { bytes, starts, ends } = record;
    for (const column of this.canonicalColumns) {
      const p = column.position;
      if (p < 0 || starts[p] === ends[p]) {
        if (column.whenEmpty === null) return false;
      } else if (!column.check(bytes, starts[p], ends[p])) return false;
    }
    return this.rowCheck === null || this.rowCheck(record);
  }

  take(record: PlainRecord): void {
    const { bytes, starts, ends } = record;
    this.rowsTotal++;
    this.rowsLoaded++;
    this.rowsCanonical++;
    if (this.dataPerPosition >= 0) this.noteDataPer(bytes, starts[this.dataPerPosition]);
    this.niks.addBytes(bytes, starts[this.canonicalColumns[this.nikColumn].position]);
    const out = this.out;
    out.lineNumber(record.line);
    if (this.inTableOrder && this.noEmptyFieldToFill(record)) {
      out.bytes(bytes, starts[0], ends[ends.length - 1]);
    } else {
      for (let k = 0; k < this.canonicalColumns.length; k++) {
        if (k > 0) out.byte(COMMA);
        const { position: p, whenEmpty } = this.canonicalColumns[k];
        if (p < 0 || starts[p] === ends[p]) out.bytes(whenEmpty!, 0, whenEmpty!.length);
        else out.bytes(bytes, starts[p], ends[p]);
      }
    }
    out.byte(LF);
  }

  /** A canonical date (YYYY-MM-DD, 10 bytes): byte order is date order. */
  private noteDataPer(bytes: Buffer, start: number): void {
    const latest = this.latestDataPerBytes;
    if (this.latestDataPer !== null) {
      let i = 0;
      while (i < 10 && bytes[start + i] === latest[i]) i++;
      if (i === 10 || bytes[start + i] < latest[i]) return;
    }
    bytes.copy(latest, 0, start, start + 10);
    this.latestDataPer = latest.toString('latin1');
  }

  private noEmptyFieldToFill(record: PlainRecord): boolean {
    for (const p of this.positionsToFill) if (record.starts[p] === record.ends[p]) return false;
    return true;
  }

  record(record: CsvRecord): void {
    this.rowsTotal++;
    this.fields = record.fields;
    this.rowIssues.length = 0;
    const values = this.spec.parse(this.field, this.context, this.rowIssues);
    if (this.rowIssues.length > 0) {
      for (const found of this.rowIssues) this.pendingIssues.push({ line: record.line, ...found });
      return;
    }
    this.rowsLoaded++;
    this.niks.add(values[this.nikColumn] as string);
    const dataPer = this.spec.dataPerIndex === undefined ? null : (values[this.spec.dataPerIndex] as string);
    if (dataPer !== null && (this.latestDataPer === null || dataPer > this.latestDataPer)) {
      this.latestDataPer = dataPer;
      this.latestDataPerBytes.write(dataPer, 'latin1');
    }
    this.out.lineNumber(record.line);
    this.out.text(toCsvLine(values));
  }

  async pieceDone(): Promise<void> {
    await this.reportPending();
    if (this.out.length < this.chunkBytes) return;
    this.chunkBytes = Math.min(2 * this.chunkBytes, this.sink.copyChunkBytes);
    await this.sink.copy(this.out.take());
  }

  /** Hands on what is left after the last piece. */
  async finish(): Promise<void> {
    await this.reportPending();
    if (this.out.length > 0) await this.sink.copy(this.out.take());
  }

  private async reportPending(): Promise<void> {
    for (const found of this.pendingIssues) await this.sink.report(found);
    this.pendingIssues.length = 0;
  }
}
