import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  ComplaintTransitionError,
  DEFAULT_SEVERITY,
  DEFAULT_SLA_DAYS,
  DISCRIMINATION_CATEGORIES,
  FOLLOW_UP_DAYS,
  TRACKING_ALPHABET,
  TRACKING_CODE_BITS,
  allowedTransitions,
  assertTransition,
  canTransition,
  complaintDueAt,
  complaintMonth,
  discriminationShare,
  followUpAt,
  isComplaintCategory,
  isComplaintRating,
  isOpen,
  isOverdue,
  needsEscalation,
  newTrackingCode,
  parseTrackingCode,
  planEscalations,
  satisfaction,
  slaRunning,
  slaTableProblems,
  slaWorkingDays,
  statusAfterComplainantMessage,
  type ComplaintActor,
  type ComplaintStatus,
  type EscalationCandidate,
  type SlaTable,
} from './complaints.ts';
import { DEFAULT_HOLIDAYS } from './working-days.ts';

describe('vocabulary', () => {
  it('has exactly the categories of formats.md', () => {
    assert.deepEqual(
      [...COMPLAINT_CATEGORIES],
      ['TIDAK_RAMAH', 'DIMINTA_KARTU', 'DIMINTA_BAYAR', 'DITOLAK', 'DIBEDAKAN', 'ANTRE_LAMA', 'OBAT_KOSONG', 'LAINNYA'],
    );
    assert.equal(isComplaintCategory('DIBEDAKAN'), true);
    assert.equal(isComplaintCategory('dibedakan'), false);
    assert.equal(isComplaintCategory(undefined), false);
  });

  it('has the channels, severities and a default severity for each category', () => {
    assert.deepEqual([...COMPLAINT_CHANNELS], ['WEB', 'WALK_IN', 'PHONE', 'WHATSAPP', 'SP4N_LAPOR']);
    assert.deepEqual([...COMPLAINT_SEVERITIES], ['RENDAH', 'SEDANG', 'TINGGI']);
    assert.equal(DEFAULT_SEVERITY.DITOLAK, 'TINGGI');
    assert.equal(DEFAULT_SEVERITY.DIMINTA_BAYAR, 'TINGGI');
    assert.equal(DEFAULT_SEVERITY.ANTRE_LAMA, 'SEDANG');
  });

  it('counts DIBEDAKAN, DIMINTA_KARTU and DIMINTA_BAYAR as discrimination', () => {
    assert.deepEqual([...DISCRIMINATION_CATEGORIES].sort(), ['DIBEDAKAN', 'DIMINTA_BAYAR', 'DIMINTA_KARTU']);
    assert.equal(discriminationShare(['DIBEDAKAN', 'DIMINTA_KARTU', 'DIMINTA_BAYAR', 'ANTRE_LAMA']), 0.75);
    assert.equal(discriminationShare(['TIDAK_RAMAH', 'DITOLAK', 'OBAT_KOSONG', 'LAINNYA', 'ANTRE_LAMA']), 0);
    assert.equal(discriminationShare([]), null);
  });
});

describe('SLA', () => {
  it('a sound default table, stricter (or equal) as severity rises', () => {
    assert.deepEqual(slaTableProblems(DEFAULT_SLA_DAYS), []);
    for (const c of COMPLAINT_CATEGORIES) {
      const row = DEFAULT_SLA_DAYS[c];
      assert.ok(row.RENDAH >= row.SEDANG && row.SEDANG >= row.TINGGI, c);
      assert.ok(row.RENDAH <= 10, c);
    }
    assert.equal(slaWorkingDays('DITOLAK', 'TINGGI'), 1);
    assert.equal(slaWorkingDays('ANTRE_LAMA', 'RENDAH'), 10);
  });

  it('uses a table passed in and names a bad cell', () => {
    const table: SlaTable = structuredClone(DEFAULT_SLA_DAYS);
    table.DITOLAK.TINGGI = 2;
    assert.equal(slaWorkingDays('DITOLAK', 'TINGGI', table), 2);
    table.LAINNYA.SEDANG = 0;
    assert.deepEqual(slaTableProblems(table), ['sla.LAINNYA.SEDANG: must be a whole number of working days ≥ 1, got 0']);
  });

  it('dates the due time in working days in the district zone', () => {
    // Wednesday 23 Dec 2026, 19:00 WITA; DITOLAK/TINGGI = 1 working day; 24 and 25 Dec are off.
    const due = complaintDueAt(new Date('2026-12-23T11:00:00Z'), 'DITOLAK', 'TINGGI', DEFAULT_HOLIDAYS, 'Asia/Makassar');
    assert.equal(due.toISOString(), '2026-12-28T15:59:59.999Z');
    // TIDAK_RAMAH/SEDANG = 5 working days from Friday 4 Dec → Friday 11 Dec.
    const due5 = complaintDueAt(new Date('2026-12-04T10:30:00Z'), 'TIDAK_RAMAH', 'SEDANG', DEFAULT_HOLIDAYS, 'Asia/Makassar');
    assert.equal(due5.toISOString(), '2026-12-11T15:59:59.999Z');
  });

  it('counts a complaint in its local month of receipt', () => {
    assert.equal(complaintMonth(new Date('2026-11-30T16:30:00Z'), 'Asia/Makassar'), '2026-12');
    assert.equal(complaintMonth(new Date('2026-11-30T16:30:00Z'), 'Asia/Jakarta'), '2026-11');
  });
});

/** The whole matrix, written out independently of the module's table: "from>to:actors". */
const EXPECTED = new Set([
  'received>assigned:officer',
  'received>escalated:officer',
  'received>escalated:system',
  'received>closed:officer',
  'assigned>assigned:officer',
  'assigned>in_progress:officer',
  'assigned>in_progress:assignee',
  'assigned>escalated:officer',
  'assigned>escalated:system',
  'in_progress>answered:officer',
  'in_progress>answered:assignee',
  'in_progress>resolved:officer',
  'in_progress>resolved:assignee',
  'in_progress>assigned:officer',
  'in_progress>escalated:officer',
  'in_progress>escalated:system',
  'answered>in_progress:complainant',
  'answered>in_progress:assignee',
  'answered>in_progress:officer',
  'answered>resolved:assignee',
  'answered>resolved:officer',
  'answered>closed:complainant',
  'answered>closed:officer',
  'resolved>closed:complainant',
  'resolved>closed:officer',
  'resolved>in_progress:complainant',
  'resolved>in_progress:officer',
  'escalated>assigned:officer',
  'escalated>in_progress:officer',
  'escalated>answered:officer',
  'escalated>resolved:officer',
]);
const ACTORS: ComplaintActor[] = ['officer', 'assignee', 'complainant', 'system'];

describe('state machine', () => {
  it('allows exactly the listed transitions, for exactly the listed actors', () => {
    for (const from of COMPLAINT_STATUSES) {
      for (const to of COMPLAINT_STATUSES) {
        for (const actor of ACTORS) {
          const key = `${from}>${to}:${actor}`;
          assert.equal(canTransition(from, to, actor), EXPECTED.has(key), key);
        }
      }
    }
  });

  it('closed is final; nothing but the system and officers escalates', () => {
    for (const actor of ACTORS) assert.deepEqual(allowedTransitions('closed', actor), []);
    for (const from of COMPLAINT_STATUSES) {
      assert.equal(canTransition(from, 'escalated', 'assignee'), false);
      assert.equal(canTransition(from, 'escalated', 'complainant'), false);
    }
    assert.deepEqual(allowedTransitions('in_progress', 'assignee'), ['answered', 'resolved']);
    assert.deepEqual(allowedTransitions('resolved', 'complainant'), ['in_progress', 'closed']);
  });

  it('assertTransition names the statuses and who may', () => {
    assert.doesNotThrow(() => assertTransition('received', 'assigned', 'officer'));
    assert.throws(() => assertTransition('received', 'assigned', 'assignee'), (e: unknown) => {
      assert.ok(e instanceof ComplaintTransitionError);
      assert.equal(e.message, 'status: an assignee may not move a complaint from received to assigned (only officer)');
      return true;
    });
    assert.throws(() => assertTransition('answered', 'resolved', 'complainant'), /^ComplaintTransitionError: status: a complainant may not move a complaint from answered to resolved \(only assignee, officer\)$/);
    assert.throws(() => assertTransition('closed', 'received', 'officer'), /cannot move from closed to received/);
  });

  it('open, SLA clock, and the complainant reopening an answer', () => {
    assert.deepEqual(COMPLAINT_STATUSES.filter((s) => !isOpen(s)), ['closed']);
    assert.deepEqual(COMPLAINT_STATUSES.filter(slaRunning), ['received', 'assigned', 'in_progress', 'escalated']);
    assert.equal(statusAfterComplainantMessage('answered'), 'in_progress');
    assert.equal(statusAfterComplainantMessage('assigned'), 'assigned');
    assert.equal(canTransition('answered', statusAfterComplainantMessage('answered'), 'complainant'), true);
  });
});

describe('escalation', () => {
  const due = new Date('2026-12-07T15:59:59.999Z');
  const justAfter = new Date(due.getTime() + 1);
  const c = (over: Partial<EscalationCandidate>): EscalationCandidate => ({
    id: 'c1',
    status: 'assigned',
    dueAt: due,
    escalatedAt: null,
    assignee: 'user-7',
    ...over,
  });

  it('escalates once overdue, not at the due time itself', () => {
    assert.equal(needsEscalation(c({}), due), false);
    assert.equal(needsEscalation(c({}), justAfter), true);
    assert.equal(isOverdue(c({}), justAfter), true);
  });

  it('does not escalate twice, nor what is answered, resolved or closed', () => {
    assert.equal(needsEscalation(c({ escalatedAt: new Date('2026-12-08T00:00:00Z') }), justAfter), false);
    assert.equal(needsEscalation(c({ status: 'escalated' }), justAfter), false);
    // reassigned after an escalation and overdue again: still not escalated a second time
    assert.equal(needsEscalation(c({ status: 'in_progress', escalatedAt: new Date('2026-12-08T00:00:00Z') }), justAfter), false);
    for (const status of ['answered', 'resolved', 'closed'] as ComplaintStatus[]) {
      assert.equal(needsEscalation(c({ status }), justAfter), false, status);
      assert.equal(isOverdue(c({ status }), justAfter), false, status);
    }
  });

  it('plans the escalation to the head of Dinas Kesehatan and the notice to the assignee', () => {
    const plan = planEscalations(
      [
        c({ id: 'late-assigned' }),
        c({ id: 'late-unassigned', status: 'received', assignee: null }),
        c({ id: 'late-in-progress', status: 'in_progress' }),
        c({ id: 'on-time', dueAt: new Date('2026-12-09T15:59:59.999Z') }),
        c({ id: 'already', escalatedAt: due }),
        c({ id: 'answered', status: 'answered' }),
      ],
      justAfter,
    );
    assert.deepEqual(plan, [
      { complaintId: 'late-assigned', from: 'assigned', to: 'escalated', escalateTo: 'HEAD_OF_DINKES', notifyAssignee: 'user-7', at: justAfter },
      { complaintId: 'late-unassigned', from: 'received', to: 'escalated', escalateTo: 'HEAD_OF_DINKES', notifyAssignee: null, at: justAfter },
      { complaintId: 'late-in-progress', from: 'in_progress', to: 'escalated', escalateTo: 'HEAD_OF_DINKES', notifyAssignee: 'user-7', at: justAfter },
    ]);
    for (const a of plan) assert.equal(canTransition(a.from, a.to, 'system'), true);
  });

  it('works on a test clock with the SLA from complaintDueAt', () => {
    const receivedAt = new Date('2026-12-04T10:30:00Z'); // Friday 18:30 WITA
    const dueAt = complaintDueAt(receivedAt, 'DIMINTA_BAYAR', 'TINGGI', DEFAULT_HOLIDAYS, 'Asia/Makassar'); // Monday end
    const candidate = c({ dueAt });
    assert.equal(needsEscalation(candidate, new Date('2026-12-07T15:00:00Z')), false); // Monday 23:00 WITA
    assert.equal(needsEscalation(candidate, new Date('2026-12-07T16:00:00Z')), true); // Tuesday 00:00 WITA
  });
});

describe('follow-up and rating', () => {
  it('asks "was it fixed?" three weeks after resolution by default, or after the days given', () => {
    const resolved = new Date('2026-12-04T03:00:00Z');
    assert.equal(FOLLOW_UP_DAYS, 21);
    assert.equal(followUpAt(resolved).toISOString(), '2026-12-25T03:00:00.000Z');
    assert.equal(followUpAt(resolved, 14).toISOString(), '2026-12-18T03:00:00.000Z');
    assert.throws(() => followUpAt(resolved, 0), /days/);
  });

  it('ratings are whole numbers 1–5; satisfaction is their mean', () => {
    assert.deepEqual([0, 1, 3, 5, 6, 2.5, '4'].map(isComplaintRating), [false, true, true, true, false, false, false]);
    assert.equal(satisfaction([5, 4, 3]), 4);
    assert.equal(satisfaction([]), null);
  });
});

describe('tracking code', () => {
  it('looks like JKN-XXXX-XXXX-XX in Crockford base32 with at least 50 bits', () => {
    assert.equal(TRACKING_ALPHABET.length, 32);
    assert.equal(new Set(TRACKING_ALPHABET).size, 32);
    for (const ambiguous of 'ILOU') assert.equal(TRACKING_ALPHABET.includes(ambiguous), false, ambiguous);
    assert.ok(TRACKING_CODE_BITS >= 50);
    const code = newTrackingCode();
    assert.match(code, /^JKN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
  });

  it('maps every byte to a character by its low 5 bits', () => {
    const bytes = (values: number[]) => () => Uint8Array.from(values);
    assert.equal(newTrackingCode(bytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])), 'JKN-0123-4567-89');
    assert.equal(newTrackingCode(bytes([31, 63, 255, 32, 10, 18, 19, 20, 21, 22])), 'JKN-ZZZ0-AJKM-NP');
    assert.throws(() => newTrackingCode(() => new Uint8Array(3)), /wrong number/);
  });

  it('draws uniformly: 20,000 codes, no repeat, every character about equally often', () => {
    const codes = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const code = newTrackingCode();
      codes.add(code);
      for (const ch of code.slice(4).replace(/-/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    assert.equal(codes.size, 20_000);
    assert.equal(counts.size, 32);
    // 200,000 characters over 32 symbols: 6,250 expected each; ±10 % is > 13 standard deviations.
    for (const [ch, n] of counts) assert.ok(n > 5625 && n < 6875, `${ch}: ${n}`);
  });

  it('parses what a resident types', () => {
    const canonical = 'JKN-7KQ4-M9TX-2W';
    for (const typed of ['JKN-7KQ4-M9TX-2W', 'jkn-7kq4-m9tx-2w', ' jkn 7kq4 m9tx 2w ', '7KQ4M9TX2W', '7kq4-m9tx-2w', 'JKN.7KQ4.M9TX.2W']) {
      assert.equal(parseTrackingCode(typed), canonical, typed);
    }
    assert.equal(parseTrackingCode('JKN-1O0I-L000-00'), 'JKN-1001-1000-00');
    assert.equal(parseTrackingCode('jkn-ioli-oooo-oo'), 'JKN-1011-0000-00');
  });

  it('refuses what cannot be a code', () => {
    for (const typed of ['', 'JKN-7KQ4-M9TX-2', 'JKN-7KQ4-M9TX-2WW', 'JKN-7KQ4-M9TX-2U', 'ABC-7KQ4-M9TX-2W', 'JKN-7KQ4-M9TX-2#']) {
      assert.equal(parseTrackingCode(typed), null, typed);
    }
    assert.equal(parseTrackingCode(123 as unknown as string), null);
  });

  it('a generated code parses to itself', () => {
    for (let i = 0; i < 200; i++) {
      const code = newTrackingCode();
      assert.equal(parseTrackingCode(code), code);
      assert.equal(parseTrackingCode(code.toLowerCase().replace(/-/g, ' ')), code);
    }
  });
});
