/** Loads the bench district into a database through the app's own import path (importFile). */
import type { AppContext } from '../../src/app/context.ts';
import { snapshotOnImport } from '../../src/modules/coverage/snapshot-repository.ts';
import { importFile } from '../../src/modules/registry/import-file.ts';
import type { Source } from '../../src/modules/registry/sources.ts';
import type { GiveWay } from '../../src/workers/give-way.ts';

export async function importSource(
  app: AppContext,
  source: Source,
  filePath: string,
  log: (line: string) => void,
  giveWay?: GiveWay,
): Promise<{ ms: number; rows: number }> {
  const start = performance.now();
  let lastLog = start;
  const result = await importFile(app.db, {
    source,
    filePath,
    skipInvalid: false,
    username: 'bench',
    district: app.district,
    onCommit: snapshotOnImport(app.db.kind),
    giveWay,
    onProgress: (p) => {
      const now = performance.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        log(`  ${source}: ${Math.round((100 * p.bytesRead) / Math.max(1, p.totalBytes))} % read, ${p.rows.toLocaleString('en-US')} rows`);
      }
    },
  });
  if (result.status === 'rejected') throw new Error(`${source} rejected: ${JSON.stringify(result.issues.slice(0, 3))}`);
  const ms = performance.now() - start;
  log(`  imported ${source}: ${result.rowsValid.toLocaleString('en-US')} rows in ${(ms / 1000).toFixed(1)} s`);
  return { ms, rows: result.rowsValid };
}
