import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CircuitBreaker } from './breaker.ts';

function breaker() {
  const clock = { now: 0 };
  return { clock, breaker: new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: () => clock.now }) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { breaker: b } = breaker();
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    assert.equal(b.state(), 'closed');
    assert.equal(b.tryAcquire(), true);
  });

  it('opens after N consecutive failures and refuses calls until the cool-down is over', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure();
    assert.equal(b.state(), 'open');
    assert.equal(b.tryAcquire(), false);
    clock.now = 999;
    assert.equal(b.tryAcquire(), false);
    clock.now = 1000;
    assert.equal(b.state(), 'half-open');
  });

  it('lets one trial through when half-open; its success closes the breaker', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure();
    clock.now = 1000;
    assert.equal(b.tryAcquire(), true);
    assert.equal(b.tryAcquire(), false, 'a second call while the trial is out');
    b.recordSuccess();
    assert.equal(b.state(), 'closed');
    assert.equal(b.tryAcquire(), true);
  });

  it('opens again for a full cool-down when the trial fails', () => {
    const { clock, breaker: b } = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure();
    clock.now = 1500;
    assert.equal(b.tryAcquire(), true);
    b.recordFailure();
    assert.equal(b.state(), 'open');
    clock.now = 2499;
    assert.equal(b.tryAcquire(), false);
    clock.now = 2500;
    assert.equal(b.tryAcquire(), true);
  });
});
