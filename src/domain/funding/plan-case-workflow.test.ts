import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOpenFundingCase, refuseMove } from './plan-case-workflow.ts';

const proposed = { status: 'proposed' as const, proposedBy: 'maker' };

test('maker-checker: the proposer never approves their own case; another user may', () => {
  assert.equal(refuseMove(proposed, 'approved', 'maker', null), 'own_proposal');
  assert.equal(refuseMove(proposed, 'approved', 'checker', null), null);
});

test('the order of the states: sent only after approval, active never by hand, closed states stay closed', () => {
  assert.equal(refuseMove(proposed, 'sent', 'checker', null), 'not_allowed');
  assert.equal(refuseMove({ ...proposed, status: 'approved' }, 'sent', 'maker', null), null);
  assert.equal(refuseMove({ ...proposed, status: 'sent' }, 'active', 'checker', null), 'not_allowed');
  for (const closed of ['active', 'rejected', 'expired'] as const) {
    assert.equal(isOpenFundingCase(closed), false);
    assert.equal(refuseMove({ ...proposed, status: closed }, 'rejected', 'checker', 'x'), 'not_allowed');
  }
});

test('a rejection needs a reason', () => {
  assert.equal(refuseMove(proposed, 'rejected', 'checker', ' '), 'reason_required');
  assert.equal(refuseMove(proposed, 'rejected', 'checker', 'not a resident any more'), null);
});
