/**
 * Use case: an admin replaces the holiday list the SLA clocks count with (a new year's SKB, a changed
 * cuti bersama). Authorises → checks the list (holidayListProblems) → one transaction with the new list
 * and the `holidays.set` audit record → after the commit, the service counts with it. Due times already
 * set stay as they were.
 */
import { type Holiday, holidayListProblems } from '../../domain/quality/working-days.ts';
import { type Actor, authorise, recordAudit } from '../access/index.ts';
import { auditWho, ComplaintInputError } from './complaint-actor.ts';
import { replaceHolidays } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';

export async function setHolidays(service: ComplaintsService, list: Holiday[], actor: Actor) {
  authorise(actor, 'PUT /api/v1/complaints/holidays');
  const problems = holidayListProblems(list);
  const dates = new Set<string>();
  for (const [i, h] of list.entries()) {
    if (dates.has(h.date)) problems.push(`holidays[${i}].date: ${h.date} is listed twice`);
    dates.add(h.date);
  }
  if (problems.length) throw new ComplaintInputError(problems.slice(0, 20).join('; '));
  const sorted = [...list].sort((a, b) => a.date.localeCompare(b.date));
  await service.db.transaction(async (tx) => {
    await replaceHolidays(tx, sorted);
    await recordAudit(tx, { districtCode: service.districtCode, ...auditWho(actor), action: 'holidays.set', detail: { count: sorted.length, first: sorted[0]?.date ?? null, last: sorted.at(-1)?.date ?? null } });
  });
  service.holidaysChanged(sorted);
  return { count: sorted.length };
}
