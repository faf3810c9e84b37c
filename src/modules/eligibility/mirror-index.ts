/**
 * The district's mirror of who is who, held in memory for the counter check: a desk must get its answer
 * in milliseconds even while an office imports (the embedded database runs one query at a time).
 * Each source is a NIK-sorted column store (typed arrays, ~25 bytes a person), loaded page by page
 * from the current batches and swapped in whole after each import.
 */
import Papa from 'papaparse';
import type { Sql } from '../../db/client.ts';
import type { EligibilityFacts } from '../../domain/eligibility.ts';
import {
  CLASSES,
  INACTIVE_REASONS,
  MEMBERSHIP_STATUSES,
  type MembershipClass,
  RESIDENT_STATUSES,
  SEGMENTS,
} from '../../domain/membership.ts';
import { currentSource } from '../registry/batch-repository.ts';

const NONE = 0;

/** Sorted NIKs as 64-bit integers (16 digits < 2^64) and a row number for each. */
class NikColumn {
  constructor(readonly niks: BigUint64Array) {}

  find(nik: string): number {
    const key = BigInt(nik);
    let lo = 0;
    let hi = this.niks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.niks[mid]!;
      if (value === key) return mid;
      if (value < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

interface ResidentColumns {
  nik: NikColumn;
  status: Uint8Array;
  desa: Uint16Array;
  desaCodes: string[];
  /** YYYYMMDD as a number, for the resident self-check. */
  birthDate: Uint32Array;
}

interface MemberColumns {
  nik: NikColumn;
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

interface WelfareColumns {
  nik: NikColumn;
  desil: Uint8Array;
  extremePoor: Uint8Array;
}

export interface MirrorFacts extends EligibilityFacts {
  desaCode: string | null;
  /** `YYYY-MM-DD` from the population register. */
  birthDate: string | null;
  membershipClass: MembershipClass | null;
}

export class MirrorIndex {
  private constructor(
    private readonly residents: ResidentColumns | null,
    private readonly members: MemberColumns | null,
    private readonly welfare: WelfareColumns | null,
    /** Which batches it was built from, to know when to rebuild. */
    readonly key: string,
  ) {}

  static empty(): MirrorIndex {
    return new MirrorIndex(null, null, null, '');
  }

  /** The membership extract's `data_per`, null before any. */
  get asOf(): string | null {
    return this.members?.asOf ?? null;
  }

  get size(): { residents: number; members: number; welfare: number } {
    return {
      residents: this.residents?.nik.niks.length ?? 0,
      members: this.members?.nik.niks.length ?? 0,
      welfare: this.welfare?.nik.niks.length ?? 0,
    };
  }

  /** Whether the current batches differ from the ones this index holds. */
  static async currentKey(db: Sql, districtCode: string): Promise<string> {
    const rows = await db.query<{ source: string; batch_id: number }>(
      'SELECT source, batch_id FROM source_state WHERE district_code = $1 ORDER BY source',
      [districtCode],
    );
    return rows.map((r) => `${r.source}:${r.batch_id}`).join(',');
  }

  static async load(db: Sql, districtCode: string): Promise<MirrorIndex> {
    const key = await MirrorIndex.currentKey(db, districtCode);
    const [penduduk, peserta, dtsen] = await Promise.all(
      (['penduduk', 'peserta', 'dtsen'] as const).map((s) => currentSource(db, districtCode, s)),
    );
    return new MirrorIndex(
      penduduk ? await loadResidents(db, `resident_b${penduduk.batchId}`) : null,
      peserta ? await loadMembers(db, `member_b${peserta.batchId}`, peserta.dataPer ?? '') : null,
      dtsen ? await loadWelfare(db, `welfare_b${dtsen.batchId}`) : null,
      key,
    );
  }

  lookup(nik: string): MirrorFacts {
    const r = this.residents && this.residents.nik.find(nik);
    const m = this.members && this.members.nik.find(nik);
    const w = this.welfare && this.welfare.nik.find(nik);
    const residents = this.residents;
    const members = this.members;
    const welfare = this.welfare;
    return {
      desaCode: residents && r! >= 0 ? residents.desaCodes[residents.desa[r!]!]! : null,
      birthDate: residents && r! >= 0 ? isoDate(residents.birthDate[r!]!) : null,
      membershipClass: members && m! >= 0 ? CLASSES[members.membershipClass[m!]! - 1]! : null,
      resident: residents && r! >= 0 ? { status: RESIDENT_STATUSES[residents.status[r!]! - 1]! } : null,
      membership:
        members && m! >= 0
          ? {
              segment: SEGMENTS[members.segment[m!]! - 1]!,
              status: MEMBERSHIP_STATUSES[members.status[m!]! - 1]!,
              reason: members.reason[m!] === NONE ? null : INACTIVE_REASONS[members.reason[m!]! - 1]!,
              arrearsMonths: members.arrears[m!] === 0xffff ? null : members.arrears[m!]!,
              primaryFacility: members.facility[m!] === NONE ? null : members.facilities[members.facility[m!]! - 1]!,
              asOf: members.asOf,
            }
          : null,
      welfare: welfare && w! >= 0 ? { desil: welfare.desil[w!]!, extremePoor: welfare.extremePoor[w!] === 1 } : null,
    };
  }
}

/** Rows handed over between pauses: the event loop keeps answering counter checks while an index loads. */
const ROWS_PER_TURN = 10_000;

/**
 * The rows of a batch table in NIK order, through COPY (one round trip, no row objects), each handed to
 * `take` with its position.
 */
async function eachRow(db: Sql, table: string, columns: string, take: (row: string[], i: number) => void): Promise<number> {
  const text = await db.copyOut(`SELECT nik, ${columns} FROM ${table} ORDER BY district_code, batch_id, nik`);
  let i = 0;
  for (let start = 0; start < text.length; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    // Codes and statuses never need quotes; a quoted field (a facility code with a comma) takes the full parser.
    take(line.includes('"') ? Papa.parse<string[]>(line).data[0]! : line.split(','), i);
    start = end + 1;
    if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return i;
}

function isoDate(yyyymmdd: number): string {
  const text = String(yyyymmdd);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

async function count(db: Sql, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
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

const codeOf = <T extends string>(list: readonly T[], value: string | null) => (value === null ? NONE : list.indexOf(value as T) + 1);

async function loadResidents(db: Sql, table: string): Promise<ResidentColumns> {
  const n = await count(db, table);
  const niks = new BigUint64Array(n);
  const status = new Uint8Array(n);
  const desa = new Uint16Array(n);
  const birthDate = new Uint32Array(n);
  const desaCodes = interner();
  const loaded = await eachRow(db, table, 'status, kode_desa, tanggal_lahir', ([nik, residentStatus, kodeDesa, born], i) => {
    niks[i] = BigInt(nik!);
    status[i] = codeOf(RESIDENT_STATUSES, residentStatus!);
    desa[i] = desaCodes.id(kodeDesa!) - 1;
    birthDate[i] = Number(born!.replaceAll('-', ''));
  });
  return { nik: new NikColumn(niks.subarray(0, loaded)), status, desa, desaCodes: desaCodes.values, birthDate };
}

async function loadMembers(db: Sql, table: string, asOf: string): Promise<MemberColumns> {
  const n = await count(db, table);
  const niks = new BigUint64Array(n);
  const segment = new Uint8Array(n);
  const membershipClass = new Uint8Array(n);
  const status = new Uint8Array(n);
  const reason = new Uint8Array(n);
  const arrears = new Uint16Array(n);
  const facility = new Uint32Array(n);
  const facilities = interner();
  const columns = 'segmen, kelas, status, alasan_nonaktif, bulan_tunggakan, kode_fktp';
  const loaded = await eachRow(db, table, columns, ([nik, segmen, kelas, memberStatus, alasan, bulan, fktp], i) => {
    niks[i] = BigInt(nik!);
    segment[i] = codeOf(SEGMENTS, segmen!);
    membershipClass[i] = codeOf(CLASSES, kelas!);
    status[i] = codeOf(MEMBERSHIP_STATUSES, memberStatus!);
    reason[i] = codeOf(INACTIVE_REASONS, alasan || null);
    arrears[i] = bulan ? Math.min(Number(bulan), 0xfffe) : 0xffff;
    facility[i] = facilities.id(fktp || null);
  });
  const nikColumn = new NikColumn(niks.subarray(0, loaded));
  return { nik: nikColumn, segment, membershipClass, status, reason, arrears, facility, facilities: facilities.values, asOf };
}

async function loadWelfare(db: Sql, table: string): Promise<WelfareColumns> {
  const n = await count(db, table);
  const niks = new BigUint64Array(n);
  const desil = new Uint8Array(n);
  const extremePoor = new Uint8Array(n);
  const loaded = await eachRow(db, table, 'desil, miskin_ekstrem', ([nik, desilValue, extreme], i) => {
    niks[i] = BigInt(nik!);
    desil[i] = Number(desilValue);
    extremePoor[i] = extreme === 't' || extreme === 'true' ? 1 : 0;
  });
  return { nik: new NikColumn(niks.subarray(0, loaded)), desil, extremePoor };
}
