import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { httpConfig } from './config.ts';

describe('HTTP configuration from the environment', () => {
  const saved = { publicUrl: process.env.SMART_JKN_PUBLIC_URL, trust: process.env.SMART_JKN_TRUST_PROXY };
  afterEach(() => {
    for (const [name, value] of [
      ['SMART_JKN_PUBLIC_URL', saved.publicUrl],
      ['SMART_JKN_TRUST_PROXY', saved.trust],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('trusts only a proxy on this machine unless told otherwise', () => {
    delete process.env.SMART_JKN_TRUST_PROXY;
    delete process.env.SMART_JKN_PUBLIC_URL;
    assert.deepEqual(httpConfig(), { publicUrl: null, trustProxy: 'loopback' });
    process.env.SMART_JKN_TRUST_PROXY = 'none';
    assert.equal(httpConfig().trustProxy, false);
    process.env.SMART_JKN_TRUST_PROXY = ' 10.0.0.0/8, 127.0.0.1 ';
    assert.equal(httpConfig().trustProxy, '10.0.0.0/8, 127.0.0.1');
  });

  test('a public URL must be an http or https address', () => {
    process.env.SMART_JKN_PUBLIC_URL = 'https://jkn.example.go.id';
    assert.equal(httpConfig().publicUrl, 'https://jkn.example.go.id');
    process.env.SMART_JKN_PUBLIC_URL = 'jkn.example.go.id';
    assert.throws(() => httpConfig(), /SMART_JKN_PUBLIC_URL: an http:\/\/ or https:\/\/ address/);
  });
});
