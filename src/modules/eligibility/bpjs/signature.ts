/**
 * Request signing for the BPJS web services (VClaim, PCare), docs/rules.md §7.2 and peers.md §5.1:
 * `X-signature` = Base64(HMAC-SHA256(key = secret key, message = `${consId}&${timestamp}`)), with the
 * timestamp in Unix seconds (UTC). The same timestamp later keys the response decryption.
 */
import { createHmac } from 'node:crypto';

export interface BpjsCredentials {
  consId: string;
  secretKey: string;
  userKey: string;
}

export interface BpjsHeaders {
  'X-cons-id': string;
  'X-timestamp': string;
  'X-signature': string;
  user_key: string;
}

export function bpjsTimestamp(now: Date): string {
  return String(Math.floor(now.getTime() / 1000));
}

export function bpjsSignature(consId: string, secretKey: string, timestamp: string): string {
  return createHmac('sha256', secretKey).update(`${consId}&${timestamp}`, 'utf8').digest('base64');
}

export function bpjsHeaders(credentials: BpjsCredentials, now: Date): BpjsHeaders {
  const timestamp = bpjsTimestamp(now);
  return {
    'X-cons-id': credentials.consId,
    'X-timestamp': timestamp,
    'X-signature': bpjsSignature(credentials.consId, credentials.secretKey, timestamp),
    user_key: credentials.userKey,
  };
}
