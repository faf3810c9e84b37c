import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configuredClock, configuredEscalationInterval } from './complaints-service.ts';
import { localInstant, mapLaporCategory, parseLaporCsv } from './lapor-csv.ts';

test('LAPOR! categories map to ours: our own code as it is, the first matching word, else LAINNYA', () => {
  assert.equal(mapLaporCategory('dibedakan'), 'DIBEDAKAN');
  assert.equal(mapLaporCategory('Pungutan Liar'), 'DIMINTA_BAYAR');
  assert.equal(mapLaporCategory('Pungutan biaya antrean'), 'DIMINTA_BAYAR');
  assert.equal(mapLaporCategory('Penolakan Pasien BPJS'), 'DITOLAK');
  assert.equal(mapLaporCategory('Diskriminasi pelayanan'), 'DIBEDAKAN');
  assert.equal(mapLaporCategory('Persyaratan fotokopi KTP'), 'DIMINTA_KARTU');
  assert.equal(mapLaporCategory('Ketersediaan obat'), 'OBAT_KOSONG');
  assert.equal(mapLaporCategory('Waktu tunggu'), 'ANTRE_LAMA');
  assert.equal(mapLaporCategory('Sikap petugas'), 'TIDAK_RAMAH');
  assert.equal(mapLaporCategory('Kesehatan'), 'LAINNYA');
});

test('a local date or date-time of the district is the right instant', () => {
  assert.equal(localInstant('2026-06-29 09:30', 'Asia/Makassar')!.toISOString(), '2026-06-29T01:30:00.000Z');
  assert.equal(localInstant('2026-06-29', 'Asia/Jakarta')!.toISOString(), '2026-06-28T17:00:00.000Z');
  assert.equal(localInstant('2026-02-29', 'Asia/Makassar'), null);
  assert.equal(localInstant('2026-06-29 24:00', 'Asia/Makassar'), null);
  assert.equal(localInstant('29/06/2026', 'Asia/Makassar'), null);
});

test('row problems name line, column and reason; extra columns are ignored', () => {
  const now = new Date('2026-07-01T00:00:00Z');
  const { rows, issues } = parseLaporCsv('\uFEFFid_laporan,tanggal,kategori,isi,tingkat,lain\nA1,2026-06-01,Obat,Kosong,SEDANG,x\n,2026-08-01,,,PARAH,y\n', 'Asia/Makassar', now);
  assert.deepEqual(issues, [
    { line: 3, column: 'id_laporan', reason: 'empty' },
    { line: 3, column: 'tanggal', reason: 'in the future' },
    { line: 3, column: 'kategori', reason: 'empty' },
    { line: 3, column: 'isi', reason: 'empty' },
    { line: 3, column: 'tingkat', reason: '"PARAH" is none of RENDAH, SEDANG, TINGGI' },
  ]);
  assert.deepEqual([rows[0]!.externalId, rows[0]!.category, rows[0]!.severity], ['A1', 'OBAT_KOSONG', 'SEDANG']);
  assert.deepEqual(parseLaporCsv('', 'Asia/Makassar', now).issues, [{ line: 1, column: '', reason: 'the file is empty' }]);
});

test('the test clock moves only under NODE_ENV=test; the escalation interval is checked', () => {
  const day = 86_400_000;
  const moved = configuredClock({ NODE_ENV: 'test', SMART_JKN_TEST_CLOCK_OFFSET_MS: String(day) })();
  assert.ok(Math.abs(moved.getTime() - Date.now() - day) < 1000);
  const ignored = configuredClock({ NODE_ENV: 'production', SMART_JKN_TEST_CLOCK_OFFSET_MS: String(day) })();
  assert.ok(Math.abs(ignored.getTime() - Date.now()) < 1000);
  assert.throws(() => configuredClock({ NODE_ENV: 'test', SMART_JKN_TEST_CLOCK_OFFSET_MS: 'soon' }), /SMART_JKN_TEST_CLOCK_OFFSET_MS/);
  assert.equal(configuredEscalationInterval({}), 60_000);
  assert.equal(configuredEscalationInterval({ SMART_JKN_ESCALATION_INTERVAL_MS: '500' }), 500);
  assert.throws(() => configuredEscalationInterval({ SMART_JKN_ESCALATION_INTERVAL_MS: '5' }), /≥ 100/);
});
