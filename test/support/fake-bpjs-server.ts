/**
 * A local stand-in for the BPJS web services that speaks their protocol (docs/rules.md §7.2–7.3): it checks
 * `X-cons-id`, `user_key` and the HMAC `X-signature`, and answers member lookups with real AES-256-CBC +
 * LZ-string payloads keyed to the request's timestamp. It can be made slow or down. For tests, the
 * end-to-end run and benchmarks; never part of a deployment.
 */
import { createCipheriv } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import lzString from 'lz-string';
import { responseKey } from '../../src/modules/eligibility/bpjs/decrypt.ts';
import type { PcarePeserta, VclaimPeserta } from '../../src/modules/eligibility/bpjs/mapping.ts';
import { bpjsSignature, type BpjsCredentials } from '../../src/modules/eligibility/bpjs/signature.ts';

export interface FakeBpjsMember {
  vclaim?: VclaimPeserta;
  pcare?: PcarePeserta;
}

export interface FakeBpjsOptions {
  credentials: BpjsCredentials;
  /** Members by NIK; the map may be changed while the server runs. */
  members: Map<string, FakeBpjsMember>;
}

/** `up`; `down` (a gateway's 503 page); or answering after `delayMs`. */
export type FakeBpjsBehaviour = 'up' | 'down' | { delayMs: number };

export interface FakeBpjs {
  /** Base URLs as BPJS_VCLAIM_URL and BPJS_PCARE_URL take them. */
  vclaimUrl: string;
  pcareUrl: string;
  /** Requests received so far, answered or not. */
  readonly requests: number;
  behave(behaviour: FakeBpjsBehaviour): void;
  close(): Promise<void>;
}

const VCLAIM_PESERTA = /^\/vclaim-rest\/Peserta\/nik\/(\d{16})\/tglSEP\/\d{4}-\d{2}-\d{2}$/;
const PCARE_PESERTA = /^\/pcare-rest-v3\.0\/peserta\/nik\/(\d{16})$/;

export async function startFakeBpjs(options: FakeBpjsOptions): Promise<FakeBpjs> {
  let behaviour: FakeBpjsBehaviour = 'up';
  let requests = 0;
  const { consId, secretKey, userKey } = options.credentials;

  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    if (behaviour === 'down') {
      res.writeHead(503, { 'Content-Type': 'text/html' }).end('<html><body>503 Service Unavailable</body></html>');
      return;
    }
    const timestamp = header(req, 'x-timestamp');
    const signed =
      header(req, 'x-cons-id') === consId &&
      header(req, 'user_key') === userKey &&
      /^\d+$/.test(timestamp) &&
      header(req, 'x-signature') === bpjsSignature(consId, secretKey, timestamp);
    if (!signed) {
      json(res, 401, { code: '401', message: 'Authentication failed: invalid signature' }, null);
      return;
    }

    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const vclaim = VCLAIM_PESERTA.exec(path);
    const match = vclaim ?? PCARE_PESERTA.exec(path);
    if (req.method !== 'GET' || match === null) {
      json(res, 404, { code: '404', message: 'Not found' }, null);
      return;
    }
    const member = options.members.get(match[1]);
    // VClaim wraps the member in `peserta`; PCare sends the member itself.
    const payload = vclaim ? member?.vclaim && { peserta: member.vclaim } : member?.pcare;
    if (payload === undefined) {
      json(res, 200, { code: '201', message: 'Peserta Tidak Ditemukan' }, null);
      return;
    }
    json(res, 200, { code: '200', message: 'OK' }, encrypt(JSON.stringify(payload), consId, secretKey, timestamp));
  };

  const delayed = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    requests += 1;
    if (typeof behaviour !== 'object') return answer(req, res);
    const timer = setTimeout(() => {
      delayed.delete(timer);
      answer(req, res);
    }, behaviour.delayMs);
    delayed.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    vclaimUrl: `${base}/vclaim-rest`,
    pcareUrl: `${base}/pcare-rest-v3.0`,
    get requests() {
      return requests;
    },
    behave(next) {
      behaviour = next;
    },
    close() {
      // Slow answers still pending would hold the process open; their clients are gone anyway.
      for (const timer of delayed) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === 'string' ? value : '';
}

function json(res: ServerResponse, status: number, metaData: { code: string; message: string }, response: string | null): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ metaData, response }));
}

function encrypt(plain: string, consId: string, secretKey: string, timestamp: string): string {
  const key = responseKey(consId, secretKey, timestamp);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const compressed = lzString.compressToEncodedURIComponent(plain);
  return Buffer.concat([cipher.update(compressed, 'utf8'), cipher.final()]).toString('base64');
}
