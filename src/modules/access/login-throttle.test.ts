import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LoginThrottle } from './login-throttle.ts';

describe('login throttle', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  test('five failures within the window stop the pair until the first of them is 15 minutes old', () => {
    const time = clock();
    const throttle = new LoginThrottle({ now: time.now });
    for (let i = 0; i < 4; i++) {
      throttle.failed('admin', '10.0.0.1');
      time.advance(60_000);
    }
    assert.equal(throttle.retryAfterSeconds('admin', '10.0.0.1'), 0);
    throttle.failed('Admin ', '10.0.0.1');
    // The first failure was 4 minutes ago: 11 minutes to go.
    assert.equal(throttle.retryAfterSeconds('admin', '10.0.0.1'), 11 * 60);
    assert.equal(throttle.retryAfterSeconds('admin', '10.0.0.2'), 0);
    assert.equal(throttle.retryAfterSeconds('dinkes', '10.0.0.1'), 0);
    time.advance(11 * 60_000 - 1);
    assert.equal(throttle.retryAfterSeconds('admin', '10.0.0.1'), 1);
    time.advance(1);
    // One failure has left the window: four remain, one more try is allowed.
    assert.equal(throttle.retryAfterSeconds('admin', '10.0.0.1'), 0);
    throttle.failed('admin', '10.0.0.1');
    assert.equal(throttle.retryAfterSeconds('admin', '10.0.0.1'), 60);
  });

  test('a success clears the count', () => {
    const throttle = new LoginThrottle({ now: clock().now });
    for (let i = 0; i < 4; i++) throttle.failed('admin', '10.0.0.1');
    throttle.succeeded('admin', '10.0.0.1');
    for (let i = 0; i < 4; i++) throttle.failed('admin', '10.0.0.1');
    assert.equal(throttle.retryAfterSeconds('admin', '10.0.0.1'), 0);
  });

  test('many pairs do not grow it without bound: the pair that failed longest ago goes first', () => {
    const time = clock();
    const throttle = new LoginThrottle({ now: time.now, maxKeys: 3, maxFailures: 1 });
    for (const name of ['a', 'b', 'c']) {
      throttle.failed(name, 'x');
      time.advance(1000);
    }
    throttle.failed('a', 'x'); // a failed again: now the latest
    throttle.failed('d', 'x');
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((name) => throttle.retryAfterSeconds(name, 'x') > 0),
      [true, false, true, true],
    );
  });
});
