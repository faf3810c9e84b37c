import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cycles, moduleDependencies } from '../scripts/module-deps.ts';

test('modules depend on each other in one direction only', () => {
  const graph = moduleDependencies();
  assert.deepEqual(cycles(graph), []);
  // The directions issue #13 asks for: area ← registry ← coverage, registry ← eligibility ← cases/fhir.
  assert.ok(!graph.get('registry')!.has('coverage') && !graph.get('registry')!.has('eligibility'));
  assert.ok(!graph.get('area')!.has('registry'));
});

test('a pair of modules that import each other is a cycle', () => {
  const graph = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
    ['d', new Set(['a'])],
  ]);
  assert.deepEqual(cycles(graph), [['a', 'b', 'c']]);
});
