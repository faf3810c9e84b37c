/**
 * The candidates of a funding plan on the current data: the current penduduk, peserta, dtsen and
 * prioritas batches joined in one query (NIK order), each row turned into ResidentFacts and then into
 * a Candidate by the pure rule (domain/funding/candidates.ts). The query already leaves out residents
 * who cannot be candidates (not HIDUP, active, or MENINGGAL/DATA_GANDA), so that ~1.46 M residents
 * become the few hundred thousand rows worth sending; `toCandidate` decides again, as the rule says.
 * Rows come through COPY as CSV (far faster than rows as objects on either backend).
 */
import type { Sql } from '../../db/client.ts';
import { type Candidate, type ResidentFacts, toCandidate } from '../../domain/funding/candidates.ts';
import type { PrioritasCategory } from '../../domain/funding/programmes.ts';
import type { InactiveReason, MembershipStatus, ResidentStatus, Segment } from '../../domain/membership.ts';

export interface CurrentBatches {
  penduduk: number | null;
  peserta: number | null;
  dtsen: number | null;
  prioritas: number | null;
  /** The membership extract's date (peserta `data_per`): the plan's `asOf`. */
  asOf: string | null;
}

export async function currentBatches(db: Sql, districtCode: string): Promise<CurrentBatches> {
  const rows = await db.query<{ source: string; batch_id: number; data_per: string | null }>(
    'SELECT source, batch_id, data_per::text AS data_per FROM source_state WHERE district_code = $1',
    [districtCode],
  );
  const of = (source: string) => rows.find((r) => r.source === source) ?? null;
  return {
    penduduk: of('penduduk')?.batch_id ?? null,
    peserta: of('peserta')?.batch_id ?? null,
    dtsen: of('dtsen')?.batch_id ?? null,
    prioritas: of('prioritas')?.batch_id ?? null,
    asOf: of('peserta')?.data_per ?? null,
  };
}

/** The query behind `readResidentFacts` (batch ids are integers, inlined: COPY takes no parameters). */
export function residentFactsQuery(batches: CurrentBatches): string {
  const id = (n: number | null) => String(Math.trunc(n ?? -1));
  return `SELECT r.nik, r.status, r.jenis_kelamin, r.tanggal_lahir, r.kode_desa,
      m.segmen, m.status, m.alasan_nonaktif, m.bulan_tunggakan, m.kelas, w.desil, w.miskin_ekstrem, p.categories
    FROM resident r
    LEFT JOIN member m ON m.batch_id = ${id(batches.peserta)} AND m.nik = r.nik
    LEFT JOIN welfare w ON w.batch_id = ${id(batches.dtsen)} AND w.nik = r.nik
    LEFT JOIN (SELECT nik, string_agg(kategori || ':' || coalesce(sampai::text, ''), ';') AS categories
               FROM priority WHERE batch_id = ${id(batches.prioritas)} GROUP BY nik) p ON p.nik = r.nik
    WHERE r.batch_id = ${id(batches.penduduk)} AND r.status = 'HIDUP'
      AND (m.nik IS NULL OR (m.status = 'NONAKTIF' AND coalesce(m.alasan_nonaktif, '') NOT IN ('MENINGGAL', 'DATA_GANDA')))
    ORDER BY r.nik`;
}

/** Every resident who may be a candidate, as ResidentFacts, in NIK order. */
export async function readResidentFacts(db: Sql, batches: CurrentBatches): Promise<ResidentFacts[]> {
  if (batches.penduduk === null) return [];
  const csv = Buffer.from(await db.copyOut(residentFactsQuery(batches))).toString('utf8');
  const facts: ResidentFacts[] = [];
  // No field holds a comma, a quote or a line break (codes, dates, numbers, enumerations).
  let start = 0;
  while (start < csv.length) {
    let end = csv.indexOf('\n', start);
    if (end === -1) end = csv.length;
    const f = csv.slice(start, end).split(',');
    start = end + 1;
    if (f.length < 13) continue;
    const [nik, status, sex, birthDate, desa, segmen, mstatus, reason, arrears, kelas, desil, extreme, categories] = f;
    facts.push({
      nik,
      status: status as ResidentStatus,
      sex: sex as 'L' | 'P',
      birthDate,
      desa,
      peserta:
        segmen === ''
          ? null
          : {
              segment: segmen as Segment,
              status: mstatus as MembershipStatus,
              reason: reason === '' ? null : (reason as InactiveReason),
              arrearsMonths: arrears === '' ? null : Number(arrears),
              kelas: Number(kelas),
            },
      dtsen: desil === '' ? null : { desil: Number(desil), miskinEkstrem: extreme === 't' },
      prioritas:
        categories === ''
          ? []
          : categories.split(';').map((c) => {
              const [kategori, sampai] = c.split(':');
              return { kategori: kategori as PrioritasCategory, sampai: sampai === '' ? null : sampai };
            }),
    });
  }
  return facts;
}

/** The plan's candidates on `date`, in NIK order. */
export async function readCandidates(db: Sql, batches: CurrentBatches, date: string): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for (const facts of await readResidentFacts(db, batches)) {
    const candidate = toCandidate(facts, date);
    if (candidate) candidates.push(candidate);
  }
  return candidates;
}
