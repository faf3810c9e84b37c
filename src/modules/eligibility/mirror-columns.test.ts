import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEGMENTS } from '../../domain/membership.ts';
import { buildMembers, buildResidents, sortedByNik } from './mirror-columns.ts';

/** A deterministic shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const j = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (i + 1);
    [out[i], out[Math.floor(j)]] = [out[Math.floor(j)], out[i]];
  }
  return out;
}

test('members read in any order come out in NIK order, every column still with its own row', () => {
  // NIKs across provinces 11–96 (above 2^53 too), some equal in their high 32 bits, others only in the low.
  const niks = [
    ...Array.from({ length: 3_000 }, (_, i) => `52030101019${String(i + 1).padStart(5, '0')}`),
    ...Array.from({ length: 500 }, (_, i) => `9671${String(100_000_000_000 + i * 7_919)}`.slice(0, 16)),
    '1101010101000001',
    '9699997112999999',
  ];
  const segmentOf = (nik: string) => SEGMENTS[Number(nik.slice(-3)) % SEGMENTS.length];
  const lines = shuffled(niks, 7).map((nik) => `${nik},${segmentOf(nik)},3,AKTIF,,${Number(nik.slice(-2))},FKTP-${nik.slice(-4)}`);
  const members = buildMembers(`${lines.join('\n')}\n`, '2025-05-31');
  const expected = [...niks].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  assert.deepEqual([...members.niks].map(String), expected);
  expected.forEach((nik, i) => {
    assert.equal(SEGMENTS[members.segment[i] - 1], segmentOf(nik));
    assert.equal(members.arrears[i], Number(nik.slice(-2)));
    assert.equal(members.facilities[members.facility[i] - 1], `FKTP-${nik.slice(-4)}`);
  });
});

test('residents already in NIK order are left as they are', () => {
  const text = '5203010101900001,HIDUP,52.03.01.2001,1990-01-01\n5203010101900002,PINDAH,52.03.02.2001,1990-01-01\n';
  const residents = buildResidents(text);
  assert.deepEqual([...residents.niks].map(String), ['5203010101900001', '5203010101900002']);
  assert.equal(sortedByNik(residents), residents);
  assert.deepEqual([...residents.status], [1, 3]);
});
