import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEGMENTS } from '../../domain/membership.ts';
import { buildMirrorColumns, Codes, CsvRow, familyCardKey, type MirrorSource, sortedByNik, writeHalves } from './mirror-columns.ts';

/** A source's column store from whole lines in the mirror query's layout. */
const build = <S extends MirrorSource>(source: S, text: string, asOf = '') => buildMirrorColumns(source, Buffer.from(text), asOf);

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
  const members = build('peserta', `${lines.join('\n')}\n`, '2025-05-31');
  const expected = [...niks].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  assert.deepEqual([...members.niks].map(String), expected);
  expected.forEach((nik, i) => {
    assert.equal(SEGMENTS[members.segment[i] - 1], segmentOf(nik));
    assert.equal(members.arrears[i], Number(nik.slice(-2)));
    assert.equal(members.facilities[members.facility[i] - 1], `FKTP-${nik.slice(-4)}`);
  });
});

test('residents already in NIK order are left as they are', () => {
  const text = '5203010101900001,HIDUP,52.03.01.2001,5203010101000001\n5203010101900002,PINDAH,52.03.02.2001,9999999999999999\n';
  const residents = build('penduduk', text);
  assert.deepEqual([...residents.niks].map(String), ['5203010101900001', '5203010101900002']);
  assert.equal(sortedByNik(residents), residents);
  assert.deepEqual([...residents.status], [1, 3]);
  // The family card number's low 32 bits, exactly (both numbers exceed 2^53), as the self-check computes it.
  const low32 = (noKk: string) => Number(BigInt(noKk) & 0xffffffffn);
  assert.deepEqual([...residents.familyCard], [low32('5203010101000001'), low32('9999999999999999')]);
  assert.deepEqual([familyCardKey('5203010101000001'), familyCardKey('9999999999999999')], [...residents.familyCard]);
  assert.deepEqual([familyCardKey('520301010100000'), familyCardKey('52030101010000012'), familyCardKey('52030101010000x1')], [null, null, null]);
});

test('a NIK of 16 digits becomes its exact 64-bit value, also past 2^53', () => {
  const halves = new Uint32Array(2);
  const value = () => (BigInt(halves[1]) << 32n) | BigInt(halves[0]);
  const cases = ['0000000000000000', '9999999999999999', '9007199254740993', '1101010101000001', '9699997112999999', '4294967296000000', '0000000042949672'];
  let seed = 12_345;
  const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) % 100_000_000;
  for (let i = 0; i < 2_000; i++) cases.push(String(next()).padStart(8, '0') + String(next()).padStart(8, '0'));
  for (const nik of cases) {
    writeHalves(Number(nik.slice(0, 8)), Number(nik.slice(8)), halves, 0);
    assert.equal(value(), BigInt(nik), nik);
  }
});

test('a quoted field (a facility code with a comma) and the byte fields read the same as text', () => {
  const row = new CsvRow();
  const line = Buffer.from('5203010101900002,PBPU,3,NONAKTIF,TUNGGAKAN,7,"FKTP, 01"');
  assert.equal(row.read(line, 0), line.length);
  assert.equal(row.text(6), 'FKTP, 01');
  assert.equal(row.digits(5), 7);
  assert.equal(row.code(1, new Codes(['PBI_APBN', 'PBPU'])), 2);
  const plain = Buffer.from('5203010101900002,PBPU,,AKTIF,,,');
  row.read(Buffer.concat([plain, Buffer.from('\nnext')]), 0);
  assert.equal(row.isEmpty(2), true);
  assert.equal(row.code(2, new Codes(['3'])), 0);
  assert.throws(() => row.code(1, new Codes(['BP'])), /unknown code PBPU/);
  const welfare = build('dtsen', '5203010101900002,3,t\n5203010101900001,10,f\n');
  assert.deepEqual([...welfare.desil], [10, 3]);
  assert.deepEqual([...welfare.extremePoor], [0, 1]);
});

test('a quoted field may hold a line feed: its line goes on to the next unquoted one', () => {
  const text = '5203010101900001,PBPU,3,AKTIF,,,"FKTP ""satu""\nbaris dua"\n5203010101900002,PBPU,3,NONAKTIF,TUNGGAKAN,4,F2\n';
  const members = build('peserta', text, '2025-05-31');
  assert.deepEqual([...members.niks].map(String), ['5203010101900001', '5203010101900002']);
  assert.deepEqual([...members.status], [1, 2]);
  assert.deepEqual([...members.arrears], [0xffff, 4]);
  assert.deepEqual(members.facilities, ['FKTP "satu"\nbaris dua', 'F2']);
});
