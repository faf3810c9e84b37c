/**
 * Use case: import an SP4N-LAPOR! export (CSV, lapor-csv.ts). Authorises → parses and checks every row
 * (line, column, reason), and refuses IDs imported before → on any problem nothing is written → else one
 * transaction with every complaint (channel SP4N_LAPOR, the LAPOR! tracking ID kept, no identity: LAPOR!
 * keeps it), its first history step and one `complaint.import` audit record.
 */
import { authorise, recordAudit } from '../access/index.ts';
import { auditWho, type StaffActor } from './complaint-actor.ts';
import { existingExternalIds, insertComplaint, type NewComplaint } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';
import { prepareComplaint } from './file-complaint.ts';
import { parseLaporCsv, type RowIssue } from './lapor-csv.ts';

export class LaporImportError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: RowIssue[]) {
    super(`The file was not imported: ${issues.length} problem(s), first at line ${issues[0]!.line}${issues[0]!.column ? `, column ${issues[0]!.column}` : ''}: ${issues[0]!.reason}`);
  }
}

export async function importLapor(service: ComplaintsService, csv: string, actor: StaffActor) {
  authorise(actor, 'POST /api/v1/complaints/import-lapor');
  const { rows, issues } = parseLaporCsv(csv, service.timeZone, service.now());
  if (issues.length === 0) {
    const known = await existingExternalIds(service.db, service.districtCode, 'SP4N_LAPOR', rows.map((r) => r.externalId));
    for (const r of rows) if (known.has(r.externalId)) issues.push({ line: r.line, column: 'id_laporan', reason: `${r.externalId} was imported before` });
  }
  if (issues.length) throw new LaporImportError(issues);
  if (rows.length === 0) throw new LaporImportError([{ line: 2, column: '', reason: 'the file has no rows' }]);
  const prepared: NewComplaint[] = [];
  for (const r of rows) {
    prepared.push(
      await prepareComplaint(
        service,
        { category: r.category, severity: r.severity, description: r.description, facilityCode: r.facilityCode, channel: 'SP4N_LAPOR', externalId: r.externalId, receivedAt: r.receivedAt },
        actor.username,
      ),
    );
  }
  await service.db.transaction(async (tx) => {
    for (const c of prepared) await insertComplaint(tx, c);
    await recordAudit(tx, { districtCode: service.districtCode, ...auditWho(actor), action: 'complaint.import', detail: { source: 'SP4N_LAPOR', rows: prepared.length } });
  });
  return { imported: prepared.length, items: prepared.map((c) => ({ externalId: c.externalId, trackingCode: c.trackingCode, category: c.category })) };
}
