import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password.ts';

describe('new password rule', () => {
  test('ten characters are enough, nine are not', () => {
    assert.equal(passwordProblem('demo-admin', 'admin'), null);
    assert.equal('demo-admin'.length, MIN_PASSWORD_LENGTH);
    assert.match(passwordProblem('demo-admi', 'admin') ?? '', /^password: at least 10 characters \(this one has 9\)/);
    assert.match(passwordProblem('', 'admin') ?? '', /^password: at least 10/);
  });

  test('characters are counted as a person counts them, not as UTF-16 units', () => {
    // Five emoji are ten UTF-16 units but five characters.
    assert.equal('😀😀😀😀😀'.length, 10);
    assert.match(passwordProblem('😀😀😀😀😀', 'admin') ?? '', /at least 10/);
    assert.equal(passwordProblem('kata sandi ü', 'admin'), null);
  });

  test('the username is refused in any case and with surrounding spaces', () => {
    assert.equal(passwordProblem('petugas-loket', 'petugas-loket'), 'password: must not be the username');
    assert.equal(passwordProblem('Petugas-Loket', 'petugas-loket'), 'password: must not be the username');
    assert.equal(passwordProblem('petugas-loket ', ' PETUGAS-LOKET'), 'password: must not be the username');
    // Containing the username is allowed: only the username itself is refused.
    assert.equal(passwordProblem('petugas-loket-2', 'petugas-loket'), null);
  });

  test('a password longer than the login accepts is refused', () => {
    assert.match(passwordProblem('x'.repeat(1001), 'admin') ?? '', /at most 1000/);
    assert.equal(passwordProblem('x'.repeat(1000), 'admin'), null);
  });
});
