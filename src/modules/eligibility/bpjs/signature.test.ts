import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import { bpjsHeaders, bpjsSignature, bpjsTimestamp } from './signature.ts';

describe('BPJS request signature', () => {
  it('matches a vector computed outside Node', () => {
    // printf '%s' '1000&1700000000' | openssl dgst -sha256 -hmac 'rahasia' -binary | base64
    assert.equal(bpjsSignature('1000', 'rahasia', '1700000000'), 'ukWVvaqZK8DCgz1kvs/Jvxih0bI0o4xXjQNDwK0g2sI=');
  });

  it('matches WebCrypto HMAC-SHA256 for other credentials', async () => {
    const consId = '29817';
    const secretKey = 'sEcReT-ÄÖ-key/+=';
    const timestamp = '1772415000';
    const key = await webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secretKey),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = await webcrypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${consId}&${timestamp}`));
    assert.equal(bpjsSignature(consId, secretKey, timestamp), Buffer.from(mac).toString('base64'));
  });

  it('uses whole Unix seconds (UTC) as the timestamp', () => {
    assert.equal(bpjsTimestamp(new Date('2023-11-14T22:13:20.999Z')), '1700000000');
    assert.equal(bpjsTimestamp(new Date('2023-11-14T22:13:21.000Z')), '1700000001');
  });

  it('builds the four headers from one timestamp', () => {
    const headers = bpjsHeaders({ consId: '1000', secretKey: 'rahasia', userKey: 'uk-123' }, new Date(1_700_000_000_500));
    assert.deepEqual(headers, {
      'X-cons-id': '1000',
      'X-timestamp': '1700000000',
      'X-signature': 'ukWVvaqZK8DCgz1kvs/Jvxih0bI0o4xXjQNDwK0g2sI=',
      user_key: 'uk-123',
    });
  });
});
