/**
 * The district's mirror of who is who, held in memory for the counter check: a desk must get its answer
 * in milliseconds even while an office imports (the embedded database runs one query at a time).
 * Each source is a NIK-sorted column store (typed arrays, ~25 bytes a person), read from the current
 * batch tables and swapped in whole after each import.
 */
import type { Database, Sql } from '../../db/client.ts';
import type { EligibilityFacts } from '../../domain/eligibility.ts';
import {
  CLASSES,
  INACTIVE_REASONS,
  MEMBERSHIP_STATUSES,
  type MembershipClass,
  RESIDENT_STATUSES,
  SEGMENTS,
} from '../../domain/membership.ts';
import type { GiveWay } from '../../workers/give-way.ts';
import { startWorker } from '../../workers/run-worker.ts';
import { currentSource } from '../registry/batch-repository.ts';
import { type MemberColumns, type MirrorSource, mirrorQuery, NONE, type ResidentColumns, type WelfareColumns } from './mirror-columns.ts';
import type { MirrorBuildRequest } from './mirror-worker.ts';

/** Binary search of a sorted NIK column; -1 when absent. */
function find(niks: BigUint64Array, nik: string): number {
  const key = BigInt(nik);
  let lo = 0;
  let hi = niks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = niks[mid]!;
    if (value === key) return mid;
    if (value < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export interface MirrorFacts extends EligibilityFacts {
  desaCode: string | null;
  /** What the mirror keeps of the family card number (mirror-columns.ts familyCardKey), for the self-check. */
  familyCardKey: number | null;
  membershipClass: MembershipClass | null;
}

/** The batch each source's columns were built from (null: none). */
type MirrorBatches = Record<MirrorSource, number | null>;

export class MirrorIndex {
  private constructor(
    private readonly residents: ResidentColumns | null,
    private readonly members: MemberColumns | null,
    private readonly welfare: WelfareColumns | null,
    /** Which batches it was built from, to know when to rebuild. */
    readonly key: string,
    private readonly batches: MirrorBatches = { penduduk: null, peserta: null, dtsen: null },
  ) {}

  /** The membership extract's `data_per`, null before any. */
  get asOf(): string | null {
    return this.members?.asOf ?? null;
  }

  get size(): { residents: number; members: number; welfare: number } {
    return {
      residents: this.residents?.niks.length ?? 0,
      members: this.members?.niks.length ?? 0,
      welfare: this.welfare?.niks.length ?? 0,
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

  /**
   * Reads the current batches through COPY, one after another, while a worker thread turns each into
   * its column store (the database reads the next table meanwhile). A source whose batch has not
   * changed since `previous` keeps its columns: after a peserta import only the members are read.
   */
  static async load(db: Database, districtCode: string, previous?: MirrorIndex, giveWay?: GiveWay): Promise<MirrorIndex> {
    const key = await MirrorIndex.currentKey(db, districtCode);
    const [penduduk, peserta, dtsen] = await Promise.all(
      (['penduduk', 'peserta', 'dtsen'] as const).map((s) => currentSource(db, districtCode, s)),
    );
    const batches: MirrorBatches = { penduduk: penduduk?.batchId ?? null, peserta: peserta?.batchId ?? null, dtsen: dtsen?.batchId ?? null };
    const read = async <T>(source: MirrorSource, kept: T | null | undefined, table: string | null, asOf = ''): Promise<{ columns: Promise<T | null> }> => {
      if (previous && previous.batches[source] === batches[source]) return { columns: Promise.resolve(kept ?? null) };
      if (table === null) return { columns: Promise.resolve(null) };
      await giveWay?.();
      const columns = buildColumns<T>(source, asOf, await db.copyOut(mirrorQuery(source, table)));
      columns.catch(() => undefined); // awaited below, after the next table is read
      return { columns };
    };
    const residents = await read<ResidentColumns>('penduduk', previous?.residents, penduduk && `resident_b${penduduk.batchId}`);
    const members = await read<MemberColumns>('peserta', previous?.members, peserta && `member_b${peserta.batchId}`, peserta?.dataPer ?? '');
    const welfare = await read<WelfareColumns>('dtsen', previous?.welfare, dtsen && `welfare_b${dtsen.batchId}`);
    return new MirrorIndex(await residents.columns, await members.columns, await welfare.columns, key, batches);
  }

  lookup(nik: string): MirrorFacts {
    const r = this.residents && find(this.residents.niks, nik);
    const m = this.members && find(this.members.niks, nik);
    const w = this.welfare && find(this.welfare.niks, nik);
    const residents = this.residents;
    const members = this.members;
    const welfare = this.welfare;
    return {
      desaCode: residents && r! >= 0 ? residents.desaCodes[residents.desa[r!]!]! : null,
      familyCardKey: residents && r! >= 0 ? residents.familyCard[r!]! : null,
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

const BUILDER = new URL('./mirror-worker.ts', import.meta.url);

/** The column store of one table's COPY text, built on a worker thread (mirror-worker.ts). */
function buildColumns<T>(source: MirrorSource, asOf: string, text: Uint8Array): Promise<T> {
  // Moved, not copied, when the bytes own their buffer (as COPY's answer does).
  const transfer = text.byteOffset === 0 && text.byteLength === text.buffer.byteLength ? [text.buffer as ArrayBuffer] : [];
  const worker = startWorker(BUILDER, { source, asOf, text } satisfies MirrorBuildRequest, { transfer });
  return new Promise<T>((resolve, reject) => {
    worker.once('message', ({ columns, error }: { columns?: T; error?: string }) =>
      error === undefined ? resolve(columns!) : reject(new Error(`the mirror could not be built: ${error}`)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the mirror builder stopped (exit code ${code})`)));
  });
}
