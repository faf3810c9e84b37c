import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import lzString from 'lz-string';
import { decryptResponse, responseKey } from './decrypt.ts';

/**
 * Encrypts a payload the way BPJS does, written apart from decrypt.ts on WebCrypto: key = SHA-256 of
 * consId + secretKey + timestamp, IV = its first 16 bytes, AES-256-CBC with PKCS#7 padding, Base64.
 */
async function encryptLikeBpjs(json: string, consId: string, secretKey: string, timestamp: string): Promise<string> {
  const keyBytes = new Uint8Array(await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(consId + secretKey + timestamp)));
  const key = await webcrypto.subtle.importKey('raw', keyBytes, 'AES-CBC', false, ['encrypt']);
  const compressed = new TextEncoder().encode(lzString.compressToEncodedURIComponent(json));
  const cipher = await webcrypto.subtle.encrypt({ name: 'AES-CBC', iv: keyBytes.slice(0, 16) }, key, compressed);
  return Buffer.from(cipher).toString('base64');
}

describe('BPJS response decryption', () => {
  it('derives the key as SHA-256 of consId + secretKey + timestamp', () => {
    // printf '%s' '1000rahasia1700000000' | openssl dgst -sha256
    assert.equal(
      responseKey('1000', 'rahasia', '1700000000').toString('hex'),
      '305ddd89ef5adaed4a3b43eaf972ad33d7a9efda2a50346cc086150a33f2daa5',
    );
  });

  it('decrypts a vector encrypted with openssl', () => {
    // The LZ-string form of the JSON below, then: openssl enc -aes-256-cbc -K <key above> -iv <its first 16 bytes> | base64
    const response =
      'YWOGuGdiEhVNo2n6WoEnHbFU/Xkjfc54nUOxFgWW2kV8674e62gkjDWwU1jQ9KLfVkM874G2ofMHk2n3zXSwLA==';
    assert.equal(decryptResponse(response, '1000', 'rahasia', '1700000000'), '{"peserta":{"nik":"5203014107900001"}}');
  });

  it('round-trips a full member payload encrypted independently', async () => {
    const json = JSON.stringify({
      peserta: {
        nama: 'BAIQ SITI AMINAH',
        nik: '5203014107900001',
        noKartu: '0001234567890',
        jenisPeserta: { kode: '22', keterangan: 'PBPU DAN BP PEMERINTAH DAERAH' },
        statusPeserta: { kode: '0', keterangan: 'AKTIF' },
        provUmum: { kdProvider: '22010101', nmProvider: 'PUSKESMAS SELONG' },
      },
    });
    const response = await encryptLikeBpjs(json, '29817', 'sEcReT-ÄÖ', '1772415000');
    assert.equal(decryptResponse(response, '29817', 'sEcReT-ÄÖ', '1772415000'), json);
  });

  it("fails with another request's timestamp", async () => {
    const response = await encryptLikeBpjs('{"peserta":{}}', '29817', 'secret', '1772415000');
    assert.throws(() => decryptResponse(response, '29817', 'secret', '1772415001'));
  });

  it('fails when the plaintext is not LZ-string output', async () => {
    const response = await encryptLikeBpjs('', '29817', 'secret', '1772415000');
    assert.throws(() => decryptResponse(response, '29817', 'secret', '1772415000'), /did not decompress/);
  });
});
