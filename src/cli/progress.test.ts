import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressLines } from './progress.ts';

test('without a terminal, progress is a line at most once a second and the last state when the step ends', () => {
  const lines: string[] = [];
  const progress = progressLines((rows: number) => `peserta: ${rows} rows`, (line) => lines.push(line));
  progress.update(0);
  progress.update(500); // within the same second: not written
  progress.update(1000);
  progress.stop();
  assert.deepEqual(lines, ['peserta: 0 rows\n', 'peserta: 1000 rows\n']);
});

test('a step whose last state was already written is not written again when it ends', () => {
  const lines: string[] = [];
  const progress = progressLines((rows: number) => `penduduk: ${rows} rows`, (line) => lines.push(line));
  progress.update(7);
  progress.stop();
  progress.stop();
  assert.deepEqual(lines, ['penduduk: 7 rows\n']);
});
