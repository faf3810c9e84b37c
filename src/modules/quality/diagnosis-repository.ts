/**
 * The non-specialist diagnoses (docs/rules.md §6.2) as reference data: the district's own rows, or the
 * built-in list (NON_SPECIALIST_DIAGNOSES) until an admin replaces it.
 */
import type { Sql } from '../../db/client.ts';
import { NON_SPECIALIST_DIAGNOSES, type NonSpecialistDiagnosis, type Provenance } from '../../domain/quality/diagnoses.ts';

export interface DiagnosisList {
  /** `built-in` until an admin replaced it, then `district`. */
  origin: 'built-in' | 'district';
  items: NonSpecialistDiagnosis[];
}

export async function loadDiagnoses(db: Sql, districtCode: string): Promise<DiagnosisList> {
  const rows = await db.query<{ number: number; name: string; codes: string; name_source: Provenance; code_source: Provenance; note: string | null }>(
    `SELECT number, name, codes, name_source, code_source, note FROM non_specialist_diagnosis WHERE district_code = $1 ORDER BY number`,
    [districtCode],
  );
  if (rows.length === 0) return { origin: 'built-in', items: NON_SPECIALIST_DIAGNOSES.map((d) => ({ ...d, codes: [...d.codes] })) };
  return {
    origin: 'district',
    items: rows.map((r) => ({
      number: r.number,
      name: r.name,
      codes: r.codes.split(' '),
      nameSource: r.name_source,
      codeSource: r.code_source,
      ...(r.note ? { note: r.note } : {}),
    })),
  };
}

export async function replaceDiagnoses(tx: Sql, districtCode: string, items: readonly NonSpecialistDiagnosis[]): Promise<void> {
  await tx.query('DELETE FROM non_specialist_diagnosis WHERE district_code = $1', [districtCode]);
  await tx.query(
    `INSERT INTO non_specialist_diagnosis (district_code, number, name, codes, name_source, code_source, note)
     SELECT $1, d.number, d.name, d.codes, d.name_source, d.code_source, d.note
     FROM jsonb_to_recordset($2::jsonb) AS d(number int, name text, codes text, name_source text, code_source text, note text)`,
    [
      districtCode,
      JSON.stringify(
        items.map((d) => ({
          number: d.number,
          name: d.name.trim(),
          codes: d.codes.map((c) => c.trim().toUpperCase()).join(' '),
          name_source: d.nameSource,
          code_source: d.codeSource,
          note: d.note ?? null,
        })),
      ),
    ],
  );
}
