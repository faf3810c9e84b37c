/** The area reference in the database, loaded once from idn-area-data so SQL and the API can use it. */
import type { Database } from '../../db/client.ts';
import { toCsvLine } from '../../db/copy-text.ts';
import { loadAllAreas } from './reference.ts';

export async function ensureAreaTable(db: Database): Promise<void> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM area');
  const areas = await loadAllAreas();
  if (n === areas.length) return;
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM area');
    await tx.copyCsv(
      'area',
      ['code', 'name', 'level', 'parent_code'],
      areas.map((a) => toCsvLine([a.code, a.name, a.level, a.parentCode])).join(''),
    );
  });
}
