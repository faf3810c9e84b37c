import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CopyText, toCsvLine } from './copy-text.ts';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

test('copies byte ranges short and long alike, growing past its first size', () => {
  const out = new CopyText(8);
  const source = Buffer.from(`xx${'a'.repeat(300)}yy`);
  out.bytes(source, 2, 5); // a short range: byte by byte
  out.byte(0x2c);
  out.bytes(source, 2, 302); // longer than a row: Buffer#copy
  out.text('é\n');
  assert.equal(text(out.take()), `aaa,${'a'.repeat(300)}é\n`);
  assert.equal(out.length, 0);
});

test('writes line numbers counting up, and any number after a jump', () => {
  const out = new CopyText(4);
  for (const line of [8, 9, 10, 11, 99, 100, 7, 1000]) out.lineNumber(line);
  assert.equal(text(out.take()), '8,9,10,11,99,100,7,1000,');
});

test('hands on memory of its own, which later writes do not touch', () => {
  const out = new CopyText(16);
  out.text('first');
  const taken = out.take();
  out.text('second');
  assert.equal(text(taken), 'first');
  assert.equal(text(out.take()), 'second');
});

test('writes CSV lines byte for byte as toCsvLine does, quoting what needs it', () => {
  const fields = ['', 'plain', 'a,b', 'say "hi"', '"', 'line\nbreak', 'cr\rhere', '{"k":"v","n":1}', 'Désa Sukamaju', 'quote "é"', ','];
  const lines: (string | null)[][] = [[null], ['x', null, 'y'], fields];
  // Every pair of fields, so a quote-needing field after a plain one (and the reverse) is covered.
  for (const a of fields) for (const b of fields) lines.push([a, b, null]);
  const out = new CopyText(4);
  for (const line of lines) out.csvLine(line);
  assert.equal(text(out.take()), lines.map((line) => toCsvLine(line)).join(''));
});
