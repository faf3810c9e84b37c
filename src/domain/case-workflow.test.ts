import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CASE_STATUSES, canMove, isOpen } from './case-workflow.ts';

test('a case moves open → in progress → done or rejected, and never back', () => {
  const allowed = CASE_STATUSES.flatMap((from) => CASE_STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}→${to}`));
  assert.deepEqual(allowed, ['open→in_progress', 'open→rejected', 'in_progress→done', 'in_progress→rejected']);
  assert.deepEqual(
    CASE_STATUSES.filter(isOpen),
    ['open', 'in_progress'],
  );
});
