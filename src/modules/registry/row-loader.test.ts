import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Papa from 'papaparse';
import { readCsv } from './csv-records.ts';
import type { ImportIssue } from './import-file.ts';
import { RowLoader } from './row-loader.ts';
import { type RowContext, SOURCE_SPECS, type Source } from './sources.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'row-loader-'));
const context: RowContext = {
  desaCodes: new Set(['52.03.01.2001', '52.03.02.2001']),
  districtCode: '52.03',
  districtName: 'Lombok Timur',
  today: '2025-06-30',
};

async function load(source: Source, lines: string[], copyChunkBytes = 100) {
  const file = path.join(dir, `${Math.random()}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  let copied = '';
  const chunks: number[] = [];
  const issues: ImportIssue[] = [];
  const loader = new RowLoader(SOURCE_SPECS[source], context, {
    copy: async (csv) => {
      chunks.push(csv.length);
      copied += Buffer.from(csv).toString();
    },
    copyChunkBytes,
    report: async (found) => void issues.push(found),
  });
  await readCsv(file, loader);
  await loader.finish();
  // The COPY text as rows keyed by line: [line, ...database columns].
  const rows = new Map(Papa.parse<string[]>(copied.trim(), { newline: '\n' }).data.filter((r) => r.length > 1).map((r) => [Number(r[0]), r.slice(1)]));
  return { loader, rows, issues, copied, chunks };
}

const PESERTA_HEADER = 'nik,no_kartu,segmen,kelas,status,alasan_nonaktif,bulan_tunggakan,kode_fktp,data_per';
const pesertaLine = (n: number, rest = 'PBI_APBN,3,AKTIF,,,0101U001,2025-05-31') => `5203010101900${String(n).padStart(3, '0')},${String(n).padStart(13, '0')},${rest}`;

test('a clean file is copied as written, after each line number', async () => {
  const lines = [PESERTA_HEADER, pesertaLine(1), pesertaLine(2, 'PBPU,1,NONAKTIF,TUNGGAKAN,7,,2025-05-31'), pesertaLine(3)];
  const { loader, copied, issues } = await load('peserta', lines);
  assert.deepEqual(issues, []);
  assert.equal(loader.rowsTotal, 3);
  assert.equal(loader.rowsCanonical, 3);
  assert.equal(copied, lines.slice(1).map((line, i) => `${i + 2},${line}\n`).join(''));
});

test('the first COPY chunks are small and each twice the one before, up to the chunk size: the database starts at once', async () => {
  const lines = [PESERTA_HEADER, ...Array.from({ length: 30_000 }, (_, i) => pesertaLine(i % 1000))];
  const { chunks, copied } = await load('peserta', lines, 1024 * 1024);
  assert.equal(chunks.reduce((a, b) => a + b), Buffer.byteLength(copied));
  // Read in 64 KB pieces, a chunk is handed on at the first piece's end past its size.
  const sizes = chunks.slice(0, -1).map((bytes) => Math.floor(bytes / 65_536) * 65_536);
  assert.deepEqual(sizes.slice(0, 4), [131_072, 262_144, 524_288, 1_048_576]);
  assert.ok(chunks.slice(4, -1).every((bytes) => bytes >= 1024 * 1024 && bytes < 1024 * 1024 + 65_536), String(chunks));
});

test('bad rows among clean ones are each reported with line and column; the clean ones stay on the fast path', async () => {
  const { loader, rows, issues } = await load('peserta', [
    PESERTA_HEADER,
    pesertaLine(1),
    pesertaLine(2, 'PBI,3,AKTIF,,,,2025-05-31'),
    pesertaLine(3),
    `123,${'0'.repeat(13)},PBPU,4,NONAKTIF,,,,2025-05-31`,
    pesertaLine(5),
  ]);
  assert.deepEqual(
    issues.map((i) => `${i.line} ${i.column}`).sort(),
    ['3 segmen', '5 alasan_nonaktif', '5 kelas', '5 nik'],
  );
  assert.equal(loader.rowsTotal, 5);
  assert.equal(loader.rowsCanonical, 3);
  assert.equal(loader.rowsLoaded, 3);
  assert.deepEqual([...rows.keys()], [2, 4, 6]);
});

test('the rows loaded and their latest as-of date are counted on both paths', async () => {
  const dated = (n: number, date: string, status = 'AKTIF') => pesertaLine(n, `PBI_APBN,3,${status},,,,${date}`);
  const { loader } = await load('peserta', [
    PESERTA_HEADER,
    dated(1, '2025-05-31'),
    dated(2, '2025-06-02', 'aktif'), // the row rules' path
    dated(3, '2025-06-01'),
    dated(4, '2025-06-30', 'HILANG'), // rejected: not loaded, its date does not count
    dated(5, '2025-04-30'),
  ]);
  assert.deepEqual([loader.rowsLoaded, loader.rowsCanonical, loader.latestDataPer], [4, 3, '2025-06-02']);
  const canonicalLatest = await load('peserta', [PESERTA_HEADER, dated(1, '2025-05-31', 'aktif'), dated(2, '2025-06-03'), dated(3, '2025-06-01')]);
  assert.equal(canonicalLatest.loader.latestDataPer, '2025-06-03');
  const undated = await load('dtsen', ['nik,desil', '5203010101900001,3']);
  assert.deepEqual([undated.loader.rowsLoaded, undated.loader.latestDataPer], [1, null]);
});

test('rows written otherwise go through the row rules and load the same values', async () => {
  const canonical = await load('peserta', [PESERTA_HEADER, pesertaLine(1), pesertaLine(2, 'PBPU,1,NONAKTIF,TUNGGAKAN,0007,,2025-05-31')]);
  const variants: string[][] = [
    // Quotes, lower case and spaces the rules normalise; an active row's stray reason is dropped.
    [PESERTA_HEADER, `"${pesertaLine(1)}"`.replaceAll(',', '","'), pesertaLine(2, ' pbpu ,1,nonaktif,tunggakan,7,,2025-05-31')],
    // Header in another case and order, with a BOM and an extra column.
    [
      '\uFEFF Data_Per ,extra,NIK,no_kartu,segmen,kelas,status,alasan_nonaktif,bulan_tunggakan,kode_fktp',
      `2025-05-31,x,${pesertaLine(1).replace(/,2025-05-31$/, '')}`,
      `2025-05-31,y,${pesertaLine(2, 'PBPU,1,NONAKTIF,TUNGGAKAN,0007,').replace(/,$/, '')}`,
    ],
  ];
  assert.equal(canonical.loader.rowsCanonical, 2);
  const stored = (rows: Map<number, string[]>) =>
    [...rows.values()].map((r) => r.map((v, i) => (SOURCE_SPECS.peserta.dbColumns[i] === 'bulan_tunggakan' && v !== '' ? String(Number(v)) : v)));
  for (const lines of variants) {
    const variant = await load('peserta', lines);
    assert.deepEqual(variant.issues, []);
    assert.deepEqual(stored(variant.rows), stored(canonical.rows), lines.join('\n'));
  }
});

test('canonical rows in another column order are copied field by field, empty fields given their default', async () => {
  const { loader, rows } = await load('penduduk', [
    'kode_desa,nama,nik,no_kk,jenis_kelamin,tanggal_lahir,status',
    '52.03.01.2001,Contoh Satu,5203010101900001,5203010101000001,L,1990-01-01,',
    '52.03.02.2001,Contoh Dua,5203014101900002,5203010101000001,P,1990-01-01,MENINGGAL',
  ]);
  assert.equal(loader.rowsCanonical, 2);
  assert.deepEqual(rows.get(2), ['5203010101900001', '5203010101000001', 'Contoh Satu', 'L', '1990-01-01', '52.03.01.2001', 'HIDUP']);
  assert.deepEqual(rows.get(3), ['5203014101900002', '5203010101000001', 'Contoh Dua', 'P', '1990-01-01', '52.03.02.2001', 'MENINGGAL']);
  const withoutStatus = await load('dtsen', ['nik,desil', '5203010101900001,3']);
  assert.equal(withoutStatus.loader.rowsCanonical, 1);
  assert.deepEqual(withoutStatus.rows.get(2), ['5203010101900001', '3', 'N']);
});

test('a missing required column stops at the header', async () => {
  const { loader, issues, copied } = await load('peserta', ['nik,no_kartu,segmen,kelas,status', pesertaLine(1)]);
  assert.deepEqual(loader.missingColumns, ['data_per']);
  assert.deepEqual(
    issues.map((i) => [i.line, i.column, i.code]),
    [[1, 'data_per', 'header_missing']],
  );
  assert.equal(copied, '');
  assert.equal(loader.rowsTotal, 0);
});
