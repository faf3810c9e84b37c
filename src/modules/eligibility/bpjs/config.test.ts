import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { readBpjsConfig } from './config.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bpjs-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const CREDENTIALS = { BPJS_CONS_ID: '29817', BPJS_SECRET_KEY: 'very-secret-key', BPJS_USER_KEY: 'user-key-123' };

describe('readBpjsConfig', () => {
  it('is null when no service URL is set, whatever else is', () => {
    assert.equal(readBpjsConfig({}), null);
    assert.equal(readBpjsConfig({ ...CREDENTIALS, BPJS_VCLAIM_URL: '  ' }), null);
  });

  it('reads URLs and credentials from the environment, dropping a trailing slash', () => {
    const config = readBpjsConfig({ ...CREDENTIALS, BPJS_VCLAIM_URL: 'https://bpjs.example/vclaim-rest/' });
    assert.equal(config?.vclaimUrl, 'https://bpjs.example/vclaim-rest');
    assert.equal(config?.pcareUrl, null);
    assert.deepEqual(config?.credentials, { consId: '29817', secretKey: 'very-secret-key', userKey: 'user-key-123' });
  });

  it('reads each value from NAME_FILE, trimmed', () => {
    const config = readBpjsConfig({
      BPJS_PCARE_URL_FILE: secretFile('pcare-url', 'https://bpjs.example/pcare-rest-v3.0\n'),
      BPJS_CONS_ID: '29817',
      BPJS_SECRET_KEY_FILE: secretFile('secret', 'from-a-file\n'),
      BPJS_USER_KEY_FILE: secretFile('user-key', 'user-key-from-file'),
    });
    assert.equal(config?.pcareUrl, 'https://bpjs.example/pcare-rest-v3.0');
    assert.equal(config?.credentials.secretKey, 'from-a-file');
    assert.equal(config?.credentials.userKey, 'user-key-from-file');
  });

  it('refuses a URL without credentials, both NAME and NAME_FILE, a missing or empty file, and a non-URL', () => {
    assert.throws(
      () => readBpjsConfig({ BPJS_VCLAIM_URL: 'https://bpjs.example/vclaim-rest', BPJS_CONS_ID: '1' }),
      /BPJS_SECRET_KEY, BPJS_USER_KEY \(or its _FILE\) is not/,
    );
    assert.throws(
      () =>
        readBpjsConfig({
          ...CREDENTIALS,
          BPJS_VCLAIM_URL: 'https://bpjs.example/vclaim-rest',
          BPJS_SECRET_KEY_FILE: secretFile('both', 'x'),
        }),
      /set BPJS_SECRET_KEY or BPJS_SECRET_KEY_FILE, not both/,
    );
    const base = { BPJS_VCLAIM_URL: 'https://bpjs.example/vclaim-rest', BPJS_CONS_ID: '1', BPJS_USER_KEY: 'u' };
    assert.throws(() => readBpjsConfig({ ...base, BPJS_SECRET_KEY_FILE: path.join(dir, 'absent') }), /cannot read .*ENOENT/);
    assert.throws(() => readBpjsConfig({ ...base, BPJS_SECRET_KEY_FILE: secretFile('empty', '\n') }), /is empty/);
    assert.throws(() => readBpjsConfig({ ...CREDENTIALS, BPJS_VCLAIM_URL: 'bpjs.example' }), /BPJS_VCLAIM_URL is not a URL/);
    assert.throws(() => readBpjsConfig({ ...CREDENTIALS, BPJS_VCLAIM_URL: 'ftp://bpjs.example' }), /must be http\(s\)/);
  });

  it('never shows the secrets when logged or serialised', () => {
    const config = readBpjsConfig({ ...CREDENTIALS, BPJS_VCLAIM_URL: 'https://bpjs.example/vclaim-rest' });
    const shown = [JSON.stringify(config), JSON.stringify({ ...config }), inspect(config, { showHidden: true, depth: 5 })];
    for (const text of shown) assert.doesNotMatch(text, /very-secret-key|user-key-123/);
    assert.match(JSON.stringify(config), /vclaim-rest/);
  });
});
