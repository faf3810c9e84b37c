import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startWorker } from './run-worker.ts';

async function answer(worker: Worker): Promise<unknown> {
  const exited = once(worker, 'exit');
  const [message] = await once(worker, 'message');
  await exited;
  return message;
}

test('a worker runs the bundle of its TypeScript module, with its input', async () => {
  const worker = startWorker(new URL('./fixtures/echo-worker.ts', import.meta.url), { rows: 3 });
  assert.deepEqual(await answer(worker), { input: { rows: 3 } });
});

test('a bundle older than one of its sources is built again before the worker starts', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'worker-bundle-'));
  try {
    const value = path.join(dir, 'value.ts');
    const module = path.join(dir, 'answer-worker.ts');
    writeFileSync(module, "import { parentPort } from 'node:worker_threads';\nimport { value } from './value.ts';\nparentPort!.postMessage(value);\n");
    writeFileSync(value, 'export const value: number = 1;\n');
    const url = pathToFileURL(module);
    assert.equal(await answer(startWorker(url, null)), 1);
    writeFileSync(value, 'export const value: number = 2;\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(value, later, later); // a file system's mtime may be coarse
    assert.equal(await answer(startWorker(url, null)), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker starts in well under the quarter second tsx took to compile its modules', async () => {
  const module = new URL('./fixtures/echo-worker.ts', import.meta.url);
  await answer(startWorker(module, null)); // built if needed
  const start = performance.now();
  await answer(startWorker(module, null));
  assert.ok(performance.now() - start < 200, `started in ${(performance.now() - start).toFixed(0)} ms`);
});
