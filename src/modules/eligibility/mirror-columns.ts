/**
 * The mirror's column stores (mirror-index.ts), built from the COPY text of a batch table and then put
 * in NIK order here (a radix sort), not by the database: its sort would take the embedded database's
 * only thread, or a server backend at the app's priority, for a second or more per table. Pure and
 * synchronous: it runs on a background worker (mirror-worker.ts), so parsing millions of rows never
 * holds up the counter check on the main thread.
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
  /** YYYYMMDD as a number, for the resident self-check. */
  birthDate: Uint32Array;
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

/** What each source's query selects after the NIK, in the order the builders read it. */
const MIRROR_COLUMNS: Record<MirrorSource, string> = {
  penduduk: 'status, kode_desa, tanggal_lahir',
  peserta: 'segmen, kelas, status, alasan_nonaktif, bulan_tunggakan, kode_fktp',
  dtsen: 'desil, miskin_ekstrem',
};

export function mirrorQuery(source: MirrorSource, table: string): string {
  return `SELECT nik, ${MIRROR_COLUMNS[source]} FROM ${table}`;
}

const codeOf = <T extends string>(list: readonly T[], value: string | null) => (value === null ? NONE : list.indexOf(value as T) + 1);

export function buildResidents(text: string): ResidentColumns {
  const n = countLines(text);
  const niks = new BigUint64Array(n);
  const status = new Uint8Array(n);
  const desa = new Uint16Array(n);
  const birthDate = new Uint32Array(n);
  const desaCodes = interner();
  eachRow(text, ([nik, residentStatus, kodeDesa, born], i) => {
    niks[i] = BigInt(nik!);
    status[i] = codeOf(RESIDENT_STATUSES, residentStatus!);
    desa[i] = desaCodes.id(kodeDesa!) - 1;
    birthDate[i] = Number(born!.replaceAll('-', ''));
  });
  return sortedByNik({ niks, status, desa, desaCodes: desaCodes.values, birthDate });
}

export function buildMembers(text: string, asOf: string): MemberColumns {
  const n = countLines(text);
  const niks = new BigUint64Array(n);
  const segment = new Uint8Array(n);
  const membershipClass = new Uint8Array(n);
  const status = new Uint8Array(n);
  const reason = new Uint8Array(n);
  const arrears = new Uint16Array(n);
  const facility = new Uint32Array(n);
  const facilities = interner();
  eachRow(text, ([nik, segmen, kelas, memberStatus, alasan, bulan, fktp], i) => {
    niks[i] = BigInt(nik!);
    segment[i] = codeOf(SEGMENTS, segmen!);
    membershipClass[i] = codeOf(CLASSES, kelas!);
    status[i] = codeOf(MEMBERSHIP_STATUSES, memberStatus!);
    reason[i] = codeOf(INACTIVE_REASONS, alasan || null);
    arrears[i] = bulan ? Math.min(Number(bulan), 0xfffe) : 0xffff;
    facility[i] = facilities.id(fktp || null);
  });
  return sortedByNik({ niks, segment, membershipClass, status, reason, arrears, facility, facilities: facilities.values, asOf });
}

export function buildWelfare(text: string): WelfareColumns {
  const n = countLines(text);
  const niks = new BigUint64Array(n);
  const desil = new Uint8Array(n);
  const extremePoor = new Uint8Array(n);
  eachRow(text, ([nik, desilValue, extreme], i) => {
    niks[i] = BigInt(nik!);
    desil[i] = Number(desilValue);
    extremePoor[i] = extreme === 't' || extreme === 'true' ? 1 : 0;
  });
  return sortedByNik({ niks, desil, extremePoor });
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

  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Int32Array(n);
  const counts = new Int32Array(65_536);
  for (const [half, shift] of [[0, 0], [0, 16], [1, 0], [1, 16]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(halves[2 * i + half] >>> shift) & 0xffff]++;
    if (counts.some((count) => count === n)) continue; // every row has the same digit here
    for (let d = 0, sum = 0; d < counts.length; d++) {
      const count = counts[d];
      counts[d] = sum;
      sum += count;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i];
      next[counts[(halves[2 * row + half] >>> shift) & 0xffff]++] = row;
    }
    [order, next] = [next, order];
  }
  const sorted: Record<string, unknown> = { ...columns };
  for (const [name, value] of Object.entries(columns)) {
    if (!ArrayBuffer.isView(value)) continue;
    const column = value as Column;
    const gathered = new (column.constructor as new (length: number) => Column)(n);
    if (column instanceof BigUint64Array) {
      // By halves: reading a BigUint64Array element would make a BigInt of each.
      const from = new Uint32Array(column.buffer, column.byteOffset, 2 * n);
      const to = new Uint32Array(gathered.buffer);
      for (let i = 0; i < n; i++) {
        to[2 * i] = from[2 * order[i]];
        to[2 * i + 1] = from[2 * order[i] + 1];
      }
    } else for (let i = 0; i < n; i++) (gathered as Uint32Array)[i] = (column as Uint32Array)[order[i]];
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

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Each row of COPY CSV text (one record per line: codes never hold a line break), with its position. */
function eachRow(text: string, take: (row: string[], i: number) => void): void {
  let i = 0;
  for (let start = 0; start < text.length; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    // Codes and statuses never need quotes; a quoted field (a facility code with a comma) takes the full parser.
    take(line.includes('"') ? Papa.parse<string[]>(line).data[0]! : line.split(','), i);
    start = end + 1;
  }
}

function interner() {
  const ids = new Map<string, number>();
  const values: string[] = [];
  return {
    /** 1-based, 0 for none. */
    id(value: string | null): number {
      if (value === null) return NONE;
      let id = ids.get(value);
      if (id === undefined) {
        values.push(value);
        id = values.length;
        ids.set(value, id);
      }
      return id;
    },
    values,
  };
}
