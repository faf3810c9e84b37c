/**
 * Response decryption for the BPJS web services (docs/rules.md §7.2, peers.md §5.1): the `response` field is
 * Base64 of AES-256-CBC ciphertext with key = SHA-256(consId + secretKey + the request's timestamp) and
 * IV = the first 16 bytes of that key; the plaintext is LZ-string `compressToEncodedURIComponent` output
 * of the JSON.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import lzString from 'lz-string';

/** The 32-byte AES key for the response to a request signed at `timestamp`; its first 16 bytes are the IV. */
export function responseKey(consId: string, secretKey: string, timestamp: string): Buffer {
  return createHash('sha256').update(`${consId}${secretKey}${timestamp}`, 'utf8').digest();
}

/** The decrypted, decompressed JSON text of a `response` field. Throws when it is not a valid payload. */
export function decryptResponse(response: string, consId: string, secretKey: string, timestamp: string): string {
  const key = responseKey(consId, secretKey, timestamp);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const compressed = Buffer.concat([decipher.update(response, 'base64'), decipher.final()]).toString('utf8');
  // lz-string answers null or '' (its typings say string) for input that is not its encoding.
  const json: string | null = lzString.decompressFromEncodedURIComponent(compressed);
  if (!json) throw new Error('BPJS response did not decompress (LZ-string)');
  return json;
}
