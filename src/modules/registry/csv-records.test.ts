import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Papa from 'papaparse';
import { toCsvLine } from '../../db/copy-text.ts';
import { type CsvRecord, normaliseHeader, readCsv } from './csv-records.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'csv-records-'));

interface Read {
  header: CsvRecord | null;
  records: (CsvRecord & { asBytes: boolean })[];
}

/** Reads a file; plain records are taken as bytes (and split here) when `takePlain`, else all are parsed. */
async function read(text: string | Buffer, takePlain: boolean): Promise<Read> {
  const file = path.join(dir, `${Math.random()}.csv`);
  writeFileSync(file, text);
  const out: Read = { header: null, records: [] };
  await readCsv(file, {
    header(record) {
      out.header = record;
      return true;
    },
    accepts: () => takePlain,
    take({ bytes, line, starts, ends }) {
      const fields = Array.from(starts, (start, i) => bytes.toString('utf8', start, ends[i]));
      out.records.push({ line, fields, asBytes: true });
    },
    record: (record) => out.records.push({ ...record, asBytes: false }),
    pieceDone: async () => undefined,
  });
  return out;
}

/** The records, the same whether plain ones are taken as bytes or parsed; and how many were plain. */
async function records(text: string | Buffer): Promise<{ all: CsvRecord[]; plain: number }> {
  const taken = await read(text, true);
  const parsed = await read(text, false);
  const strip = (r: Read) => [r.header, ...r.records.map(({ line, fields }) => ({ line, fields }))].filter((x) => x !== null);
  assert.deepEqual(strip(taken), strip(parsed), 'plain records taken as bytes read as when parsed');
  assert.ok(parsed.records.every((r) => !r.asBytes));
  return { all: strip(taken), plain: taken.records.filter((r) => r.asBytes).length };
}

test('records carry the line they start on, across quoted line breaks and blank lines', async () => {
  const expected = [
    { line: 1, fields: ['a', 'b'] },
    { line: 2, fields: ['1', 'x\ny'] },
    { line: 5, fields: ['2', 'say "hi"'] },
    { line: 6, fields: ['3', 'last'] },
  ];
  assert.deepEqual((await records('a,b\n1,"x\ny"\n\n2,"say ""hi"""\n3,last')).all, expected);
  // Windows line ends, decided from the first line; the break inside quotes stays as written.
  assert.deepEqual((await records('a,b\r\n1,"x\ny"\r\n\r\n2,"say ""hi"""\r\n3,last\r\n')).all, expected);
});

test('only records without quotes and with the header number of fields are offered as bytes', async () => {
  const { all, plain } = await records('\n\na,b,c\n1,2,3\n"4",5,6\n7,8\n9,10,11,12\n13,,\n14,"",15\n');
  assert.deepEqual(
    all.map((r) => [r.line, r.fields.join('|')]),
    [
      [3, 'a|b|c'],
      [4, '1|2|3'],
      [5, '4|5|6'],
      [6, '7|8'],
      [7, '9|10|11|12'],
      [8, '13||'],
      [9, '14||15'],
    ],
  );
  assert.equal(plain, 2, 'lines 4 and 8');
});

test('a bare line feed in a file of CR LF lines stays inside its field, as papaparse reads it', async () => {
  const { all, plain } = await records('a,b\r\n1,x\ny\r\n2,z\r\n');
  assert.deepEqual(all, [
    { line: 1, fields: ['a', 'b'] },
    { line: 2, fields: ['1', 'x\ny'] },
    { line: 4, fields: ['2', 'z'] },
  ]);
  assert.equal(plain, 1);
});

test('the last record needs no line break; a BOM does not reach the header names', async () => {
  const { all } = await records('\uFEFFa,b\n1,2');
  assert.deepEqual(normaliseHeader(all[0].fields), ['a', 'b']);
  assert.deepEqual(all[1], { line: 2, fields: ['1', '2'] });
  assert.deepEqual((await records('a,b\r\n1,2\r')).all.at(-1), { line: 2, fields: ['1', '2'] });
});

test('records that straddle the read pieces come out whole, in order', async () => {
  // Quoted fields with line breaks and commas, and multi-byte characters, land on every possible piece boundary.
  const rows: string[][] = [];
  for (let i = 0; rows.length * 40 < 3 * 1024 * 1024; i++) {
    rows.push([String(i), i % 3 === 0 ? `multi\nline, ${i} "q"` : `plain ${i}`, 'é'.repeat(i % 7)]);
  }
  const text = rows.map((r) => toCsvLine(r)).join('');
  const { all, plain } = await records(text);
  assert.deepEqual(
    all.map((r) => r.fields),
    rows,
  );
  const expectedLastLine = 1 + rows.slice(0, -1).reduce((n, r) => n + 1 + (r[1].includes('\n') ? 1 : 0), 0);
  assert.equal(all.at(-1)!.line, expectedLastLine);
  assert.ok(plain > rows.length / 2, 'the unquoted records were offered as bytes');
});

test('a header-only file, an empty file and blank lines only', async () => {
  assert.deepEqual((await records('a,b\n')).all, [{ line: 1, fields: ['a', 'b'] }]);
  assert.deepEqual((await records('')).all, []);
  assert.deepEqual((await records('\n\n\n')).all, []);
});

test('toCsvLine quotes what needs it and writes NULL as an empty field', () => {
  const line = toCsvLine(['a', 'b,c', 'd"e', null, '', 5, true]);
  assert.equal(line, 'a,"b,c","d""e",,"",5,true\n');
  assert.deepEqual(Papa.parse<string[]>(line.trim()).data[0], ['a', 'b,c', 'd"e', '', '', '5', 'true']);
});

test('header names ignore a BOM, case and surrounding spaces', () => {
  assert.deepEqual(normaliseHeader(['\uFEFF NIK ', 'Kode_Desa', 'status']), ['nik', 'kode_desa', 'status']);
});
