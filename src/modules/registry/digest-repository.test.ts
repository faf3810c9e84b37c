import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binaryCopy } from '../../../test/support/binary-copy.ts';
import { decodeDigest, digestCopyParts } from './digest-repository.ts';

const tagColumns = [{ name: 'status', values: ['HIDUP', 'MENINGGAL', 'PINDAH'] }];

/** The bytea a stored part holds: its last CSV field, \x and hex digits. */
const storedKeys = (line: Uint8Array) => {
  const text = Buffer.from(line).toString('latin1').trimEnd();
  const field = text.slice(text.lastIndexOf(',') + 1);
  assert.ok(field.startsWith('\\x'));
  return Buffer.from(field.slice(2), 'hex');
};

test('a digest is stored in 1 MB parts (the tag on the first) and read back exactly', () => {
  const keys = new BigUint64Array(300_000);
  for (let i = 0; i < keys.length; i++) keys[i] = BigInt(i) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn;
  const parts = digestCopyParts('52.03', 42, { tagColumns, keys });
  assert.equal(parts.length, 3, '128 Ki keys a part');
  const lines = parts.map((p) => Buffer.from(p).toString('latin1'));
  assert.ok(lines[0].startsWith(`52.03,42,0,"[{""name"":""status""`), lines[0].slice(0, 60));
  assert.ok(lines[1].startsWith('52.03,42,1,,\\x'));
  assert.ok(lines.every((line) => line.endsWith('\n') && line.split('\n').length === 2));
  // Read back part by part (the embedded database) or all at once (a server).
  assert.deepEqual(decodeDigest(parts.map((p) => binaryCopy([[storedKeys(p)]]))), keys);
  assert.deepEqual(decodeDigest([binaryCopy(parts.map((p) => [storedKeys(p)]))]), keys);
});

test('an empty register is one part with no keys; a part without keys or of odd length is refused', () => {
  const parts = digestCopyParts('52.03', 7, { tagColumns, keys: new BigUint64Array(0) });
  assert.equal(parts.length, 1);
  assert.equal(decodeDigest(parts.map((p) => binaryCopy([[storedKeys(p)]]))).length, 0);
  assert.throws(() => decodeDigest([binaryCopy([[null]])]), /no keys/);
  assert.throws(() => decodeDigest([binaryCopy([[Buffer.alloc(12)]])]), /whole number of 64-bit keys/);
});
