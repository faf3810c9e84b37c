import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Papa from 'papaparse';
import { normaliseHeader, readCsvBatches, toCsvLine } from './csv-records.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'csv-records-'));

async function records(text: string) {
  const file = path.join(dir, `${Math.random()}.csv`);
  writeFileSync(file, text);
  const out = [];
  for await (const batch of readCsvBatches(file)) out.push(...batch);
  return out;
}

test('records carry the line they start on, across quoted line breaks and blank lines', async () => {
  const expected = [
    { line: 1, fields: ['a', 'b'] },
    { line: 2, fields: ['1', 'x\ny'] },
    { line: 5, fields: ['2', 'say "hi"'] },
    { line: 6, fields: ['3', 'last'] },
  ];
  assert.deepEqual(await records('a,b\n1,"x\ny"\n\n2,"say ""hi"""\n3,last'), expected);
  // Windows line ends, decided from the first line; the break inside quotes stays as written.
  assert.deepEqual(await records('a,b\r\n1,"x\ny"\r\n\r\n2,"say ""hi"""\r\n3,last\r\n'), expected);
});

test('records that straddle the 1 MB read pieces come out whole, in order', async () => {
  // Quoted fields with line breaks and commas land on every possible piece boundary.
  const rows: string[][] = [];
  for (let i = 0; rows.length * 40 < 3 * 1024 * 1024; i++) {
    rows.push([String(i), i % 3 === 0 ? `multi\nline, ${i} "q"` : `plain ${i}`, 'é'.repeat(i % 7)]);
  }
  const text = rows.map((r) => toCsvLine(r)).join('');
  const got = await records(text);
  assert.equal(got.length, rows.length);
  assert.deepEqual(got.at(-1)!.fields, rows.at(-1));
  assert.deepEqual(
    got.map((r) => r.fields),
    rows,
  );
  const expectedLastLine = 1 + rows.slice(0, -1).reduce((n, r) => n + 1 + (r[1].includes('\n') ? 1 : 0), 0);
  assert.equal(got.at(-1)!.line, expectedLastLine);
});

test('toCsvLine quotes what needs it and writes NULL as an empty field', () => {
  const line = toCsvLine(['a', 'b,c', 'd"e', null, '', 5, true]);
  assert.equal(line, 'a,"b,c","d""e",,"",5,true\n');
  assert.deepEqual(Papa.parse<string[]>(line.trim()).data[0], ['a', 'b,c', 'd"e', '', '', '5', 'true']);
});

test('header names ignore a BOM, case and surrounding spaces', () => {
  assert.deepEqual(normaliseHeader(['\uFEFF NIK ', 'Kode_Desa', 'status']), ['nik', 'kode_desa', 'status']);
});
