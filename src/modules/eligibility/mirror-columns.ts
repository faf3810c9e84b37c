/**
 * The mirror's column stores (mirror-index.ts), built from the COPY text of a batch table in NIK order.
 * Pure and synchronous: it runs on a background worker (mirror-worker.ts), so parsing millions of rows
 * never holds up the counter check on the main thread.
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
  return `SELECT nik, ${MIRROR_COLUMNS[source]} FROM ${table} ORDER BY nik`;
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
  return { niks, status, desa, desaCodes: desaCodes.values, birthDate };
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
  return { niks, segment, membershipClass, status, reason, arrears, facility, facilities: facilities.values, asOf };
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
  return { niks, desil, extremePoor };
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
