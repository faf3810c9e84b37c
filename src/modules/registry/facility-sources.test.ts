import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNik } from '../../domain/nik.ts';
import { isPlainValidNik, parseKunjungan } from './facility-sources.ts';

test('the allocation-free NIK check agrees with parseNik on edge cases and random NIKs', () => {
  const edge = [
    '5203010101900001', '5203014101900001', '5203017101900001', '5203017201900001', '5203013201900001', '5203014001900001',
    '5203012902010001', '5203012902000001', '5203016902010001', '1003010101900001', '9703010101900001', '5200010101900001',
    '5203000101900001', '5203010101900000', '5203010113900001', '5203010100900001', '520301010190000', '52030101019000011',
    '52030101019000a1', '5203013104900001', '5203013004900001',
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const random = Array.from({ length: 20000 }, () => Array.from({ length: 16 }, () => String(next() % 10)).join(''));
  for (const nik of [...edge, ...random]) assert.equal(isPlainValidNik(nik), parseNik(nik).ok, nik);
});

test('a visit row: times kept as HH:MM, a lower-case diagnosis upper-cased, rujuk defaults to N', () => {
  const row: Record<string, string> = {
    id: 'V1', kode_faskes: 'P1', tanggal: '2026-03-02', nik: '5203010101900001', jenis_pasien: 'jkn', jam_daftar: '7:05', jam_layan: '08:00', diagnosa: 'j06.9',
  };
  const issues: never[] = [];
  const v = parseKunjungan((name) => row[name] ?? '', { facilities: new Set(['P1']), today: '2026-12-01' }, issues);
  assert.deepEqual(issues, []);
  assert.deepEqual([v!.jenisPasien, v!.jamDaftar, v!.jamLayan, v!.diagnosa, v!.rujuk, v!.tujuanRujukan], ['JKN', '07:05', '08:00', 'J06.9', false, null]);
});
