import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INACTIVE_REASONS, MEMBERSHIP_STATUSES, RESIDENT_STATUSES, SEGMENTS } from '../../domain/membership.ts';
import { halvesOf, nikAt, NikTally } from '../registry/nik-tally.ts';
import { RowTag } from '../registry/row-tag.ts';
import { type ReconciledGroup, reconcileInMemory, withoutDuplicates } from './reconciliation-in-memory.ts';

const DESA = ['52.03.01.2001', '52.03.01.2002', '52.03.02.2001'];
const residentTag = new RowTag([
  { name: 'kode_desa', values: DESA },
  { name: 'status', values: RESIDENT_STATUSES },
]);
const memberTag = new RowTag([
  { name: 'segmen', values: SEGMENTS },
  { name: 'status', values: MEMBERSHIP_STATUSES },
  { name: 'alasan_nonaktif', values: INACTIVE_REASONS },
]);

interface Resident {
  nik: string;
  desa: string;
  status: string;
}
interface Member {
  nik: string;
  segmen: string;
  status: string;
  reason: string | null;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(next: () => number, list: readonly T[]) => list[Math.floor(next() * list.length)];
const nikOf = (n: number) => `${pick(() => (n % 97) / 97, ['52', '11', '96'])}0301${String((n % 28) + 1).padStart(2, '0')}0190${String(n).padStart(4, '0')}`;

/** What `reconciliationQuery` means, computed the plain way: a left join on NIK, grouped. */
function reference(residents: Resident[], members: Member[]): ReconciledGroup[] {
  const byNik = new Map<string, Member[]>();
  for (const m of members) byNik.set(m.nik, [...(byNik.get(m.nik) ?? []), m]);
  const groups = new Map<string, ReconciledGroup>();
  for (const r of residents) {
    const found = byNik.get(r.nik) ?? [];
    const m = found.length === 1 ? found[0] : null; // a NIK loaded twice is no member
    const group = { kode_desa: r.desa, resident_status: r.status, segmen: m?.segmen ?? null, status: m?.status ?? null, alasan_nonaktif: m?.reason ?? null, n: 0 };
    const key = JSON.stringify({ ...group, n: 0 });
    (groups.get(key) ?? groups.set(key, group).get(key)!).n++;
  }
  return [...groups.values()];
}

function tallied<T extends { nik: string }>(rows: T[], tag: RowTag, values: (row: T) => (string | null)[]) {
  const tally = new NikTally();
  for (const row of rows) tally.add(row.nik, tag.ofValues(values(row)));
  tally.duplicates();
  return { keys: tally.sortedKeys(), tag };
}

const sortGroups = (groups: ReconciledGroup[]) => groups.map((g) => JSON.stringify(g)).sort();

for (const seed of [1, 2, 3]) {
  test(`the merge of two tallies gives the groups of the left join (seed ${seed})`, () => {
    const next = random(seed);
    const residents: Resident[] = Array.from({ length: 2_000 }, (_, i) => ({
      nik: nikOf(i + 1),
      desa: pick(next, DESA),
      status: pick(next, RESIDENT_STATUSES),
    }));
    // Most residents are members; some members are no resident; some NIKs come twice (with other states).
    const members: Member[] = [];
    const member = (nik: string): Member => {
      const status = pick(next, MEMBERSHIP_STATUSES);
      return { nik, segmen: pick(next, SEGMENTS), status, reason: status === 'AKTIF' ? null : pick(next, INACTIVE_REASONS) };
    };
    for (const r of residents) if (next() < 0.8) members.push(member(r.nik));
    for (let i = 0; i < 150; i++) members.push(member(nikOf(5_000 + i)));
    for (let i = 0; i < 40; i++) members.push(member(pick(next, residents).nik));
    members.sort(() => next() - 0.5);

    const got = reconcileInMemory(
      tallied(residents, residentTag, (r) => [r.desa, r.status]),
      tallied(members, memberTag, (m) => [m.segmen, m.status, m.reason]),
    );
    assert.deepEqual(sortGroups(got), sortGroups(reference(residents, members)));
    assert.equal(
      got.reduce((sum, g) => sum + g.n, 0),
      residents.length,
    );
  });
}

test('no members: every resident is in a group of its own desa and status, with no membership', () => {
  const residents = [nikOf(1), nikOf(2), nikOf(3)].map((nik, i) => ({ nik, desa: DESA[i % 2], status: 'HIDUP' }));
  const got = reconcileInMemory(tallied(residents, residentTag, (r) => [r.desa, r.status]), tallied([], memberTag, () => []));
  assert.deepEqual(sortGroups(got), sortGroups(reference(residents, [])));
});

test('residents with a NIK twice cannot be reconciled in memory (the database joins instead)', () => {
  const residents = [nikOf(1), nikOf(1)].map((nik) => ({ nik, desa: DESA[0], status: 'HIDUP' }));
  assert.throws(() => reconcileInMemory(tallied(residents, residentTag, (r) => [r.desa, r.status]), tallied([], memberTag, () => [])), /twice/);
});

test('withoutDuplicates leaves out every key of a NIK that occurs more than once, and keeps the order', () => {
  const tally = new NikTally();
  for (const [nik, tag] of [[nikOf(3), 1], [nikOf(1), 2], [nikOf(2), 3], [nikOf(3), 4], [nikOf(4), 5], [nikOf(3), 6]] as const) tally.add(nik, tag);
  tally.duplicates();
  const kept = withoutDuplicates(tally.sortedKeys());
  const halves = halvesOf(kept);
  assert.deepEqual(
    Array.from({ length: kept.length }, (_, i) => nikAt(halves, i)),
    [nikOf(1), nikOf(2), nikOf(4)].sort(),
  );
});
