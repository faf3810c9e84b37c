/**
 * The mirror's column stores (mirror-index.ts), built from the COPY text of a batch table and then put
 * in NIK order here (a radix sort), not by the database: its sort would take the embedded database's
 * only thread for a second or more per table. Pure and synchronous: it runs on a worker thread
 * (mirror-worker.ts), so parsing millions of rows never holds up the counter check on the main thread.
 */
import Papa from 'papaparse';
import { CLASSES, INACTIVE_REASONS, MEMBERSHIP_STATUSES, RESIDENT_STATUSES, SEGMENTS } from '../../domain/membership.ts';

export const NONE = 0;

export interface ResidentColumns {
  /** Sorted NIKs as 64-bit integers (16 digits < 2^64); row i of every column is the person of niks[i]. */
  niks: BigUint64Array;
  status: Uint8Array;
  desa: Uint16Array;
  desaCodes: string[];
  /** The low 32 bits of the family card number (no_kk), the resident self-check's second factor (familyCardKey). */
  familyCard: Uint32Array;
}

export interface MemberColumns {
  niks: BigUint64Array;
  segment: Uint8Array;
  membershipClass: Uint8Array;
  status: Uint8Array;
  reason: Uint8Array;
  /** 0xffff = not given. */
  arrears: Uint16Array;
  facility: Uint32Array;
  facilities: string[];
  asOf: string;
}

export interface WelfareColumns {
  niks: BigUint64Array;
  desil: Uint8Array;
  extremePoor: Uint8Array;
}

export type MirrorSource = 'penduduk' | 'peserta' | 'dtsen';
export type MirrorColumns = ResidentColumns | MemberColumns | WelfareColumns;

/** What each source's query selects after the NIK, in the order the builders read it. */
const MIRROR_COLUMNS: Record<MirrorSource, readonly string[]> = {
  penduduk: ['status', 'kode_desa', 'no_kk'],
  peserta: ['segmen', 'kelas', 'status', 'alasan_nonaktif', 'bulan_tunggakan', 'kode_fktp'],
  dtsen: ['desil', 'miskin_ekstrem'],
};

/** The columns of the CSV lines a builder reads, by name: the mirror query's. */
type Layout = readonly string[];

function mirrorLayout(source: MirrorSource): Layout {
  return ['nik', ...MIRROR_COLUMNS[source]];
}

export function mirrorQuery(source: MirrorSource, table: string): string {
  return `SELECT ${mirrorLayout(source).join(', ')} FROM ${table}`;
}

const encoded = (values: readonly string[]) => values.map((v) => Buffer.from(v, 'latin1'));
/** A boolean as COPY writes it. */
const TRUE_BYTES = encoded(['t']);

type ColumnConstructor = Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor;

/** Builds a source's column store from the whole CSV text of a table's COPY, in NIK order. */
abstract class ColumnStoreBuilder<T extends { niks: BigUint64Array }> {
  private readonly row = new CsvRow();
  /** The store's typed-array columns besides the NIKs. */
  protected readonly arrays: Record<string, Uint8Array | Uint16Array | Uint32Array> = {};

  constructor(
    protected readonly layout: Layout,
    private readonly types: Record<string, ColumnConstructor>,
  ) {}

  /** The position of a column in the lines read; throws if they do not have it. */
  protected at(column: string): number {
    const position = this.layout.indexOf(column);
    if (position < 0) throw new Error(`the lines have no column ${column}`);
    return position;
  }

  build(csv: Uint8Array): T {
    const capacity = countLines(csv) + 1; // the last line may lack its line feed
    const niks = new BigUint64Array(capacity);
    const halves = new Uint32Array(niks.buffer);
    for (const [name, type] of Object.entries(this.types)) this.arrays[name] = new type(capacity);
    const row = this.row;
    const nikAt = this.at('nik');
    const quoteFree = csv.indexOf(QUOTE) < 0;
    let rows = 0;
    for (let start = 0; start < csv.length; rows++) {
      start = row.read(csv, start, quoteFree) + 1;
      row.nik(nikAt, halves, rows);
      this.readRow(row, rows);
    }
    // A quoted line feed makes fewer rows than lines: views of the rows read (the sort gathers them into arrays of their own).
    const arrays = Object.fromEntries(Object.entries(this.arrays).map(([name, array]) => [name, array.subarray(0, rows)]));
    return sortedByNik({ niks: niks.subarray(0, rows), ...arrays, ...this.values() } as unknown as T);
  }

  protected abstract readRow(row: CsvRow, i: number): void;
  /** The store's fields that are not columns (interned values, the as-of date). */
  protected abstract values(): object;
}

class ResidentColumnsBuilder extends ColumnStoreBuilder<ResidentColumns> {
  private readonly desaCodes = new Interner();
  private readonly statuses = new Codes(RESIDENT_STATUSES);
  private readonly fields = { status: this.at('status'), desa: this.at('kode_desa'), familyCard: this.at('no_kk') };
  /** The family card number's two 32-bit halves (16 digits, read as a NIK is). */
  private readonly familyCardHalves = new Uint32Array(2);

  constructor() {
    super(mirrorLayout('penduduk'), { status: Uint8Array, desa: Uint16Array, familyCard: Uint32Array });
  }

  protected readRow(row: CsvRow, i: number): void {
    const { status, desa, familyCard } = this.arrays;
    status[i] = row.code(this.fields.status, this.statuses);
    desa[i] = this.desaCodes.id(row, this.fields.desa) - 1;
    row.nik(this.fields.familyCard, this.familyCardHalves, 0);
    familyCard[i] = this.familyCardHalves[0];
  }

  protected values() {
    return { desaCodes: this.desaCodes.values };
  }
}

class MemberColumnsBuilder extends ColumnStoreBuilder<MemberColumns> {
  private readonly facilities = new Interner();
  private readonly codes = {
    segment: new Codes(SEGMENTS),
    membershipClass: new Codes(CLASSES),
    status: new Codes(MEMBERSHIP_STATUSES),
    reason: new Codes(INACTIVE_REASONS),
  };
  private readonly fields = {
    segment: this.at('segmen'),
    membershipClass: this.at('kelas'),
    status: this.at('status'),
    reason: this.at('alasan_nonaktif'),
    arrears: this.at('bulan_tunggakan'),
    facility: this.at('kode_fktp'),
  };

  constructor(private readonly asOf: string) {
    const types = { segment: Uint8Array, membershipClass: Uint8Array, status: Uint8Array, reason: Uint8Array, arrears: Uint16Array, facility: Uint32Array };
    super(mirrorLayout('peserta'), types);
  }

  protected readRow(row: CsvRow, i: number): void {
    const { segment, membershipClass, status, reason, arrears, facility } = this.arrays;
    const at = this.fields;
    const codes = this.codes;
    segment[i] = row.code(at.segment, codes.segment);
    membershipClass[i] = row.code(at.membershipClass, codes.membershipClass);
    status[i] = row.code(at.status, codes.status);
    reason[i] = row.code(at.reason, codes.reason);
    arrears[i] = row.isEmpty(at.arrears) ? 0xffff : Math.min(row.digits(at.arrears), 0xfffe);
    facility[i] = row.isEmpty(at.facility) ? NONE : this.facilities.id(row, at.facility);
  }

  protected values() {
    return { facilities: this.facilities.values, asOf: this.asOf };
  }
}

class WelfareColumnsBuilder extends ColumnStoreBuilder<WelfareColumns> {
  private readonly fields = { desil: this.at('desil'), extremePoor: this.at('miskin_ekstrem') };

  constructor() {
    super(mirrorLayout('dtsen'), { desil: Uint8Array, extremePoor: Uint8Array });
  }

  protected readRow(row: CsvRow, i: number): void {
    this.arrays.desil[i] = row.digits(this.fields.desil);
    this.arrays.extremePoor[i] = row.isAny(this.fields.extremePoor, TRUE_BYTES) ? 1 : 0;
  }

  protected values() {
    return {};
  }
}

/** Each source's column store. */
export interface ColumnsOf {
  penduduk: ResidentColumns;
  peserta: MemberColumns;
  dtsen: WelfareColumns;
}

/** `source`'s column store from the COPY text of its mirror query (`asOf`: the membership extract's date). */
export function buildMirrorColumns<S extends MirrorSource>(source: S, csv: Uint8Array, asOf = ''): ColumnsOf[S] {
  const builder =
    source === 'penduduk' ? new ResidentColumnsBuilder() : source === 'peserta' ? new MemberColumnsBuilder(asOf) : new WelfareColumnsBuilder();
  return builder.build(csv) as ColumnsOf[S];
}

type Column = BigUint64Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * The column store with its rows in NIK order: an LSD radix sort of the 64-bit NIKs, 16 bits a pass
 * (passes whose digit is the same for every row are skipped), carrying each row's position; then every
 * typed-array column is gathered in that order. About a tenth of a second for 1.5 M rows.
 */
export function sortedByNik<T extends { niks: BigUint64Array }>(columns: T): T {
  const n = columns.niks.length;
  const halves = new Uint32Array(columns.niks.buffer, columns.niks.byteOffset, 2 * n);
  let alreadySorted = true;
  for (let i = 1; i < n && alreadySorted; i++) {
    const high = halves[2 * i + 1];
    const previousHigh = halves[2 * i - 1];
    alreadySorted = high > previousHigh || (high === previousHigh && halves[2 * i] >= halves[2 * i - 2]);
  }
  if (alreadySorted) return columns;

  // Each pass reads the keys in order and moves them with their row: sequential reads, three streams of writes.
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    lo[i] = halves[2 * i];
    hi[i] = halves[2 * i + 1];
    order[i] = i;
  }
  let nextLo = new Uint32Array(n);
  let nextHi = new Uint32Array(n);
  let nextOrder = new Int32Array(n);
  const counts = new Int32Array(65_536);
  for (const [high, shift] of [[false, 0], [false, 16], [true, 0], [true, 16]] as const) {
    const keys = high ? hi : lo;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 0xffff]++;
    if (counts.some((count) => count === n)) continue; // every row has the same digit here
    for (let d = 0, sum = 0; d < counts.length; d++) {
      const count = counts[d];
      counts[d] = sum;
      sum += count;
    }
    for (let i = 0; i < n; i++) {
      const to = counts[(keys[i] >>> shift) & 0xffff]++;
      nextLo[to] = lo[i];
      nextHi[to] = hi[i];
      nextOrder[to] = order[i];
    }
    [lo, nextLo] = [nextLo, lo];
    [hi, nextHi] = [nextHi, hi];
    [order, nextOrder] = [nextOrder, order];
  }
  const sorted: Record<string, unknown> = { ...columns };
  for (const [name, value] of Object.entries(columns)) {
    if (!ArrayBuffer.isView(value)) continue;
    const column = value as Column;
    const gathered = new (column.constructor as new (length: number) => Column)(n);
    if (column === columns.niks) {
      // The sorted keys themselves, by halves: reading a BigUint64Array element would make a BigInt of each.
      const to = new Uint32Array(gathered.buffer);
      for (let i = 0; i < n; i++) {
        to[2 * i] = lo[i];
        to[2 * i + 1] = hi[i];
      }
    } else if (column instanceof BigUint64Array) throw new Error(`${name}: only the NIKs may be 64-bit`);
    else for (let i = 0; i < n; i++) (gathered as Uint32Array)[i] = (column as Uint32Array)[order[i]];
    sorted[name] = gathered;
  }
  return sorted as T;
}

/** The typed arrays of a column store, to be moved (not copied) between threads. */
export function columnBuffers(columns: object): ArrayBuffer[] {
  return Object.values(columns)
    .filter((value): value is ArrayBufferView => ArrayBuffer.isView(value))
    .map((view) => view.buffer as ArrayBuffer);
}

const LF = 0x0a;
const COMMA = 0x2c;
const QUOTE = 0x22;
const ZERO = 0x30;
const TWO_32 = 2 ** 32;
/** More than any line a builder reads has (members: 7). */
const MAX_FIELDS = 16;
const utf8 = new TextDecoder();

/** At least the rows (a quoted field may hold a line feed). */
function countLines(csv: Uint8Array): number {
  let n = 0;
  for (let i = csv.indexOf(LF); i >= 0; i = csv.indexOf(LF, i + 1)) n++;
  return n;
}

/**
 * One line of COPY CSV, read where it lies: field k is bytes [starts[k], ends[k]). Codes, dates and
 * numbers never need quotes; a line with one (a facility code with a comma) is parsed by papaparse.
 * Reading bytes in place leaves no garbage per row: millions of short-lived strings would keep the
 * garbage collector's helper threads, which the main thread shares, busy.
 */
export class CsvRow {
  private bytes: Uint8Array = new Uint8Array(0);
  /** Field k: [starts[k], ends[k]); fields past `fields` read as empty. */
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private parsed: string[] | null = null;
  /** The last field the line before had. */
  private lastField = MAX_FIELDS - 1;

  /**
   * Reads the line that starts at `start` (a quoted field may hold line feeds); returns where it ends
   * (its line feed, or the end). `quoteFree`: the caller knows there is no quote in `bytes` (one native
   * search a chunk), so the line ends at the next line feed and only commas are looked for.
   */
  read(bytes: Uint8Array, start: number, quoteFree = false): number {
    this.bytes = bytes;
    this.parsed = null;
    let fields = 0;
    let fieldStart = start;
    let quoted = false;
    let i = start;
    if (quoteFree) {
      const lineFeed = bytes.indexOf(LF, start);
      const end = lineFeed < 0 ? bytes.length : lineFeed;
      for (; i < end; i++) {
        if (bytes[i] === COMMA && fields < MAX_FIELDS - 1) {
          this.starts[fields] = fieldStart;
          this.ends[fields++] = i;
          fieldStart = i + 1;
        }
      }
    } else {
      let inQuotes = false;
      for (; i < bytes.length; i++) {
        const c = bytes[i];
        if (c === LF && !inQuotes) break;
        if (c === QUOTE) {
          quoted = true;
          inQuotes = !inQuotes; // a doubled quote inside quotes turns it off and on again
        } else if (c === COMMA && fields < MAX_FIELDS - 1) {
          this.starts[fields] = fieldStart;
          this.ends[fields++] = i;
          fieldStart = i + 1;
        }
      }
    }
    this.starts[fields] = fieldStart;
    this.ends[fields] = i;
    // Fields the line does not have read as empty; only those the line before had need clearing.
    for (let k = fields + 1; k <= this.lastField; k++) this.starts[k] = this.ends[k] = 0;
    this.lastField = fields;
    if (quoted) this.parsed = Papa.parse<string[]>(utf8.decode(bytes.subarray(start, i))).data[0] ?? [];
    return i;
  }

  isEmpty(k: number): boolean {
    return this.parsed ? !this.parsed[k] : this.starts[k] === this.ends[k];
  }

  text(k: number): string {
    return this.parsed ? (this.parsed[k] ?? '') : utf8.decode(this.bytes.subarray(this.starts[k], this.ends[k]));
  }

  /** The field's bytes equal `value`'s. */
  is(k: number, value: Uint8Array): boolean {
    if (this.parsed) return this.parsed[k] === utf8.decode(value);
    const start = this.starts[k];
    if (this.ends[k] - start !== value.length) return false;
    for (let i = 0; i < value.length; i++) if (this.bytes[start + i] !== value[i]) return false;
    return true;
  }

  /** The field's bytes equal one of `values`. */
  isAny(k: number, values: readonly Uint8Array[]): boolean {
    for (const value of values) if (this.is(k, value)) return true;
    return false;
  }

  /** 1 + the index of the field's value among `codes`, NONE when empty. */
  code(k: number, codes: Codes): number {
    if (this.isEmpty(k)) return NONE;
    const { values } = codes;
    // Columns of codes repeat: the last one found is tried first.
    if (this.is(k, values[codes.last])) return codes.last + 1;
    for (let v = 0; v < values.length; v++) {
      if (this.is(k, values[v])) {
        codes.last = v;
        return v + 1;
      }
    }
    throw new Error(`unknown code ${this.text(k)}`);
  }

  /** The field's decimal digits as a number, other characters (a date's dashes) skipped. */
  digits(k: number): number {
    if (this.parsed) return Number((this.parsed[k] ?? '').replace(/\D/g, ''));
    let value = 0;
    for (let i = this.starts[k]; i < this.ends[k]; i++) {
      const d = this.bytes[i] - ZERO;
      if (d >= 0 && d <= 9) value = value * 10 + d;
    }
    return value;
  }

  /** A 16-digit NIK into `halves` (row i's low and high 32 bits), exactly: it can exceed 2^53. */
  nik(k: number, halves: Uint32Array, i: number): void {
    // Read in place: a view of the bytes per row would be garbage at a million rows.
    const text = this.parsed ? Buffer.from(this.parsed[k] ?? '', 'latin1') : this.bytes;
    const start = this.parsed ? 0 : this.starts[k];
    if ((this.parsed ? text.length : this.ends[k] - start) !== 16) throw new Error('a NIK is 16 digits');
    let a = 0;
    let b = 0;
    for (let d = start; d < start + 8; d++) a = a * 10 + text[d] - ZERO;
    for (let d = start + 8; d < start + 16; d++) b = b * 10 + text[d] - ZERO;
    writeHalves(a, b, halves, i);
  }
}

/** a · 10^8 + b (each below 10^8) as 32-bit halves, with every intermediate exact in a double. */
export function writeHalves(a: number, b: number, halves: Uint32Array, i: number): void {
  const aHigh = Math.floor(a / 65_536);
  const low = (a % 65_536) * 1e8 + b; // < 2^43
  const high = aHigh * 1e8; // counts 2^16s
  const sum = (low % TWO_32) + (high % 65_536) * 65_536;
  halves[2 * i] = sum % TWO_32;
  halves[2 * i + 1] = Math.floor(low / TWO_32) + Math.floor(high / 65_536) + Math.floor(sum / TWO_32);
}

/**
 * What the mirror keeps of a family card number (16 digits): its low 32 bits, as the builder reads them.
 * Enough to check the self-check's second factor (a guess matches by chance once in 4 billion), and
 * 4 bytes a resident. Null for anything but 16 digits.
 */
export function familyCardKey(noKk: string): number | null {
  if (!/^\d{16}$/.test(noKk)) return null;
  const halves = new Uint32Array(2);
  writeHalves(Number(noKk.slice(0, 8)), Number(noKk.slice(8)), halves, 0);
  return halves[0]!;
}

/** The values a column of codes may take, as bytes, and the one last found. */
export class Codes {
  readonly values: Buffer[];
  last = 0;

  constructor(values: readonly string[]) {
    this.values = encoded(values);
  }
}

/** Ids (1-based) of the distinct values of a column; the previous row's value is tried first. */
class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  private last: Uint8Array | null = null;
  private lastId = NONE;

  id(row: CsvRow, k: number): number {
    if (this.last && row.is(k, this.last)) return this.lastId;
    const value = row.text(k);
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.push(value);
      this.ids.set(value, id);
    }
    this.last = Buffer.from(value, 'utf8');
    this.lastId = id;
    return id;
  }
}
