/**
 * The facility scorecards (formats.md "Facility scorecards") in SQL, from the raw tables: `facility`,
 * `visit`, the current `peserta` batch and (when the complaints module's table is there) `complaint`.
 * The reference semantics are src/domain/quality/scorecard.ts; scorecard-sql.int.test.ts compares the
 * two on random data on both backends.
 *
 * Speed: one pass over the month's visits, reached facility by facility through
 * visit_facility_date_idx (district, kode_faskes, tanggal); the active members per facility are counted
 * once per peserta batch (a batch never changes) and kept.
 */
import type { Database, Sql } from '../../db/client.ts';
import { compileNonSpecialist, type NonSpecialistDiagnosis } from '../../domain/quality/diagnoses.ts';
import { type DistrictReferrals, type Facility, type ScorecardReport, type ScorecardRow } from '../../domain/quality/scorecard.ts';
import { kbkTargets } from '../../domain/quality/kbk.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function checkMonth(month: string): void {
  if (!MONTH.test(month)) throw new RangeError(`month: "${month}" is not a month YYYY-MM`);
}

/** `YYYY-MM` → the months before it, oldest first, ending with it. */
export function monthsEndingAt(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

export function previousMonth(month: string): string {
  return monthsEndingAt(month, 2)[0]!;
}

/** The district's digits, for `kode_wilayah LIKE digits%` (codes are stored dotted). */
function districtDigits(districtCode: string): string {
  return districtCode.replace(/\./g, '');
}

export async function listFacilities(db: Sql, districtCode: string): Promise<Facility[]> {
  return db.query<Facility & Record<string, unknown>>(
    `SELECT kode, nama, jenis, tingkat, kode_wilayah AS "kodeWilayah" FROM facility WHERE district_code = $1 ORDER BY kode COLLATE "C"`,
    [districtCode],
  );
}

/** The district's FKTP: the facilities that get a CARD. */
export async function districtFktp(db: Sql, districtCode: string): Promise<Facility[]> {
  return db.query<Facility & Record<string, unknown>>(
    `SELECT kode, nama, jenis, tingkat, kode_wilayah AS "kodeWilayah" FROM facility
     WHERE district_code = $1 AND tingkat = 'FKTP' AND replace(kode_wilayah, '.', '') LIKE $2 || '%'
     ORDER BY kode COLLATE "C"`,
    [districtCode, districtDigits(districtCode)],
  );
}

const registeredCache = new Map<string, Map<string, number>>();

/** Forgets the kept counts (for the benchmark's cold runs). */
export function clearRegisteredCache(): void {
  registeredCache.clear();
}

/** Active members of the current `peserta` extract by `kode_fktp` (kept per batch: a batch never changes). */
export async function registeredByFacility(db: Sql, districtCode: string): Promise<Map<string, number>> {
  const [state] = await db.query<{ batch_id: number }>(`SELECT batch_id FROM source_state WHERE district_code = $1 AND source = 'peserta'`, [districtCode]);
  if (!state) return new Map();
  const key = `${districtCode}:${state.batch_id}`;
  const known = registeredCache.get(key);
  if (known) return known;
  const rows = await db.query<{ kode: string; n: number }>(
    `SELECT kode_fktp AS kode, count(*)::int AS n FROM member
     WHERE district_code = $1 AND batch_id = $2 AND status = 'AKTIF' AND kode_fktp IS NOT NULL GROUP BY kode_fktp`,
    [districtCode, state.batch_id],
  );
  const counts = new Map(rows.map((r) => [r.kode, r.n]));
  if (registeredCache.size > 16) registeredCache.clear();
  registeredCache.set(key, counts);
  return counts;
}

export interface FacilityComplaints {
  complaints: number;
  /** Complaints of the categories DIBEDAKAN, DIMINTA_KARTU, DIMINTA_BAYAR; null when the table has no category. */
  discrimination: number | null;
}

/** Which columns of the complaints module's `complaint` table exist (null: no such table). */
async function complaintColumns(db: Sql): Promise<Set<string> | null> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'complaint'`,
  );
  return rows.length === 0 ? null : new Set(rows.map((r) => r.column_name));
}

/**
 * Complaints about each facility received in the month (in the district's time zone), from the
 * complaints module's table `complaint (district_code, facility_code, received_at[, category])`.
 * An empty map while that table does not exist. THE one place that reads it for the scorecards: point
 * it at the real table when the complaints module lands.
 */
export async function complaintsPerFacilityMonth(db: Sql, districtCode: string, month: string, timeZone: string): Promise<Map<string, FacilityComplaints>> {
  checkMonth(month);
  const columns = await complaintColumns(db);
  if (!columns || !['district_code', 'facility_code', 'received_at'].every((c) => columns.has(c))) return new Map();
  const discrimination = columns.has('category')
    ? `count(*) FILTER (WHERE category IN ('DIBEDAKAN', 'DIMINTA_KARTU', 'DIMINTA_BAYAR'))::int`
    : 'NULL::int';
  const rows = await db.query<{ kode: string; n: number; d: number | null }>(
    `SELECT facility_code AS kode, count(*)::int AS n, ${discrimination} AS d FROM complaint
     WHERE district_code = $1 AND facility_code IS NOT NULL
       AND received_at >= (($2 || '-01')::timestamp AT TIME ZONE $3)
       AND received_at < ((($2 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE $3)
     GROUP BY facility_code`,
    [districtCode, month, timeZone],
  );
  return new Map(rows.map((r) => [r.kode, { complaints: r.n, discrimination: r.d }]));
}

export interface OverdueComplaint {
  facilityCode: string | null;
  category: string | null;
  receivedAt: string;
  dueAt: string;
  status: string | null;
}

/**
 * Open complaints past their due date, for the monthly evaluation; null when the complaints module's
 * table (with `due_at` and `status`) is not there.
 */
export async function openOverdueComplaints(db: Sql, districtCode: string, at: Date): Promise<OverdueComplaint[] | null> {
  const columns = await complaintColumns(db);
  if (!columns || !['district_code', 'received_at', 'due_at', 'status'].every((c) => columns.has(c))) return null;
  const facility = columns.has('facility_code') ? 'facility_code' : 'NULL::text';
  const category = columns.has('category') ? 'category' : 'NULL::text';
  return db.query<OverdueComplaint & Record<string, unknown>>(
    `SELECT ${facility} AS "facilityCode", ${category} AS category, received_at AS "receivedAt", due_at AS "dueAt", status
     FROM complaint WHERE district_code = $1 AND due_at < $2 AND status NOT IN ('SELESAI', 'DITUTUP', 'RESOLVED', 'CLOSED', 'resolved', 'closed')
     ORDER BY due_at LIMIT 200`,
    [districtCode, at.toISOString()],
  );
}

interface VisitAggregate {
  kode: string;
  out: number;
  contacts: number;
  referrals: number;
  ns: number;
  visits_jkn: number;
  visits_umum: number;
  wait_jkn: number | null;
  wait_umum: number | null;
  prolanis: number;
  controlled: number;
}

/**
 * The month's figures per facility, in one statement. Waiting time = `jam_layan − jam_daftar` in
 * minutes; its median is percentile_cont(0.5) (the mean of the two middle values for an even count).
 * The latest prolanis visit per NIK: DISTINCT ON … ORDER BY tanggal DESC, jam_daftar DESC NULLS LAST,
 * id DESC (scorecard.ts's order; ids compare by code unit, the column is COLLATE "C").
 */
async function visitAggregates(
  db: Sql,
  districtCode: string,
  kodes: readonly string[],
  month: string,
  nonSpecialist: readonly NonSpecialistDiagnosis[],
) {
  const matcher = compileNonSpecialist(nonSpecialist);
  const wait = `(extract(epoch FROM (jam_layan - jam_daftar)) / 60)::float8`;
  // One pass over the month's visits (materialised once); contacts by hashing (DISTINCT kode, nik) rather
  // than a sort per facility; the referrals that leave the district counted in the same pass.
  const rows = await db.query<VisitAggregate>(
    `WITH f AS (SELECT unnest($2::text[]) COLLATE "C" AS kode),
     v AS MATERIALIZED (
       SELECT v.kode_faskes, v.nik, v.jenis_pasien, v.rujuk, v.diagnosa, v.prolanis, v.terkendali, v.tanggal, v.jam_daftar, v.id,
              CASE WHEN v.jam_daftar IS NOT NULL AND v.jam_layan IS NOT NULL THEN ${wait} END AS wait,
              (v.rujuk AND t.kode IS NOT NULL AND replace(t.kode_wilayah, '.', '') NOT LIKE $6 || '%') AS out
       FROM f JOIN visit v ON v.district_code = $1 AND v.kode_faskes = f.kode
        AND v.tanggal >= ($3 || '-01')::date AND v.tanggal < (($3 || '-01')::date + interval '1 month')::date
       LEFT JOIN facility t ON v.rujuk AND t.district_code = $1 AND t.kode = v.tujuan_rujukan
     ),
     a AS (
       SELECT kode_faskes AS kode,
         count(*) FILTER (WHERE jenis_pasien = 'JKN' AND rujuk)::int AS referrals,
         count(*) FILTER (WHERE jenis_pasien = 'JKN' AND out)::int AS out,
         count(*) FILTER (WHERE jenis_pasien = 'JKN' AND rujuk AND (
           diagnosa = ANY($4::text[])
           OR (substr(diagnosa, 1, 3) = ANY($5::text[]) AND (length(diagnosa) = 3 OR substr(diagnosa, 4, 1) = '.'))
         ))::int AS ns,
         count(*) FILTER (WHERE jenis_pasien = 'JKN')::int AS visits_jkn,
         count(*) FILTER (WHERE jenis_pasien = 'UMUM')::int AS visits_umum,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) FILTER (WHERE jenis_pasien = 'JKN' AND wait IS NOT NULL) AS wait_jkn,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) FILTER (WHERE jenis_pasien = 'UMUM' AND wait IS NOT NULL) AS wait_umum
       FROM v GROUP BY kode_faskes
     ),
     c AS (
       SELECT kode, count(*)::int AS contacts FROM (SELECT DISTINCT kode_faskes AS kode, nik FROM v WHERE jenis_pasien = 'JKN') d GROUP BY kode
     ),
     p AS (
       SELECT kode, count(*)::int AS prolanis, count(*) FILTER (WHERE terkendali)::int AS controlled FROM (
         SELECT DISTINCT ON (kode_faskes, nik) kode_faskes AS kode, terkendali FROM v
         WHERE jenis_pasien = 'JKN' AND prolanis IS NOT NULL
         ORDER BY kode_faskes, nik, tanggal DESC, jam_daftar DESC NULLS LAST, id DESC
       ) latest GROUP BY kode
     )
     SELECT a.*, coalesce(c.contacts, 0) AS contacts, coalesce(p.prolanis, 0) AS prolanis, coalesce(p.controlled, 0) AS controlled
     FROM a LEFT JOIN c ON c.kode = a.kode LEFT JOIN p ON p.kode = a.kode`,
    [districtCode, kodes, month, [...matcher.exact], [...matcher.categories], districtDigits(districtCode)],
  );
  return new Map(rows.map((r) => [r.kode, r]));
}

export interface ScorecardQuery {
  districtCode: string;
  month: string;
  timeZone: string;
  nonSpecialist: readonly NonSpecialistDiagnosis[];
  /** Only these facilities' CARDs (a faskes user's own); the district line stays the district's. */
  only?: string;
}

export interface ScorecardData {
  report: ScorecardReport;
  /** Discrimination complaints per facility (not in the contract's CARD), null when not recorded. */
  discrimination: Map<string, number | null>;
  facilities: Facility[];
}

/** Sorts for the medians and the latest Prolanis visit stay in memory on a server (default work_mem is 4 MB). */
const SERVER_WORK_MEM = '64MB';

export async function loadScorecards(db: Database, q: ScorecardQuery): Promise<ScorecardData> {
  checkMonth(q.month);
  const fktp = await districtFktp(db, q.districtCode);
  const kodes = fktp.map((f) => f.kode);
  const aggregates = await db.transaction(async (tx) => {
    if (db.kind === 'server') await tx.query(`SET LOCAL work_mem = '${SERVER_WORK_MEM}'`);
    return visitAggregates(tx, q.districtCode, kodes, q.month, q.nonSpecialist);
  });
  const registered = await registeredByFacility(db, q.districtCode);
  const complaints = await complaintsPerFacilityMonth(db, q.districtCode, q.month, q.timeZone);
  let referrals = 0;
  let referralsOut = 0;
  for (const a of aggregates.values()) {
    referrals += a.referrals;
    referralsOut += a.out;
  }
  const district: DistrictReferrals = { referrals, referralsOut, referralsOutShare: referrals === 0 ? null : referralsOut / referrals };
  const discrimination = new Map<string, number | null>();
  const rows: ScorecardRow[] = [];
  for (const f of fktp) {
    if (q.only !== undefined && f.kode !== q.only) continue;
    const a = aggregates.get(f.kode);
    const reg = registered.get(f.kode) ?? 0;
    const c = complaints.get(f.kode);
    discrimination.set(f.kode, c ? c.discrimination : complaints.size === 0 ? null : 0);
    const contacts = a?.contacts ?? 0;
    const referrals = a?.referrals ?? 0;
    const ns = a?.ns ?? 0;
    const prolanis = a?.prolanis ?? 0;
    const controlled = a?.controlled ?? 0;
    const visitsJkn = a?.visits_jkn ?? 0;
    const visitsUmum = a?.visits_umum ?? 0;
    const waitJkn = a?.wait_jkn ?? null;
    const waitUmum = a?.wait_umum ?? null;
    const angkaKontak = reg === 0 ? null : (contacts * 1000) / reg;
    const rrns = referrals === 0 ? null : (ns * 100) / referrals;
    const rppt = prolanis === 0 ? null : (controlled * 100) / prolanis;
    const n = c?.complaints ?? 0;
    rows.push({
      kode: f.kode,
      nama: f.nama,
      jenis: f.jenis,
      registered: reg,
      contacts,
      angkaKontak,
      referrals,
      nonSpecialistReferrals: ns,
      rrns,
      prolanis,
      prolanisControlled: controlled,
      rppt,
      visitsJkn,
      visitsUmum,
      waitJknMinutes: waitJkn,
      waitUmumMinutes: waitUmum,
      waitGapMinutes: waitJkn === null || waitUmum === null ? null : waitJkn - waitUmum,
      complaints: n,
      complaintsPer10kVisits: visitsJkn + visitsUmum === 0 ? null : (n * 10000) / (visitsJkn + visitsUmum),
      kbk: kbkTargets({ ak: angkaKontak, rrns, rppt }),
    });
  }
  return { report: { month: q.month, rows, district }, discrimination, facilities: fktp };
}

/** The months that have visits (newest first), for the month picker. */
export async function visitMonths(db: Sql, districtCode: string): Promise<string[]> {
  const rows = await db.query<{ m: string }>(
    `SELECT DISTINCT to_char(date_trunc('month', tanggal), 'YYYY-MM') AS m FROM visit WHERE district_code = $1 ORDER BY m DESC LIMIT 60`,
    [districtCode],
  );
  return rows.map((r) => r.m);
}
