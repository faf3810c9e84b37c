import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binaryCopy } from '../../test/support/binary-copy.ts';
import { binaryCopyRows } from './binary-copy.ts';

test('rows, fields and NULLs come back as written', () => {
  const rows = [
    [Buffer.from('abc'), null],
    [Buffer.alloc(0), Buffer.from([0, 255, 10])],
  ];
  assert.deepEqual(
    binaryCopyRows(binaryCopy(rows)).map((row) => row.map((f) => (f ? [...f] : null))),
    rows.map((row) => row.map((f) => (f ? [...f] : null))),
  );
  assert.deepEqual(binaryCopyRows(binaryCopy([])), []);
});

test('a header extension is skipped; a wrong signature, a cut value or a missing trailer is refused', () => {
  const withExtension = binaryCopy([[Buffer.from('x')]]);
  const extended = Buffer.concat([withExtension.subarray(0, 15), Buffer.from([0, 0, 0, 3, 1, 2, 3]), withExtension.subarray(19)]);
  assert.deepEqual([...binaryCopyRows(extended)[0][0]!], [0x78]);
  assert.throws(() => binaryCopyRows(Buffer.from('nik,status\n')), /signature/);
  const copy = binaryCopy([[Buffer.from('abcdef')]]);
  assert.throws(() => binaryCopyRows(copy.subarray(0, copy.length - 5)), /inside a value/);
  assert.throws(() => binaryCopyRows(copy.subarray(0, copy.length - 2)), /trailer/);
});
