/**
 * Live membership lookup by NIK at BPJS: VClaim `Peserta/nik/{nik}/tglSEP/{date}` (hospitals) and PCare
 * `peserta/nik/{nik}` (primary care), docs/rules.md §7.2–7.3. Each service has its own timeout, circuit
 * breaker and short cache. The client never throws for a BPJS problem: it answers `unavailable` with the
 * reason, and the caller answers from the mirror ("as of" the mirror's date).
 */
import { z } from 'zod';
import { maskNik } from '../../../domain/nik.ts';
import { CircuitBreaker } from './breaker.ts';
import { TtlCache } from './cache.ts';
import type { BpjsConfig } from './config.ts';
import { decryptResponse } from './decrypt.ts';
import {
  mapPcarePeserta,
  mapVclaimPeserta,
  pcarePesertaSchema,
  vclaimPesertaSchema,
  type BpjsMembership,
} from './mapping.ts';
import { bpjsHeaders } from './signature.ts';

export type BpjsService = 'vclaim' | 'pcare';

export type UnavailableReason = 'not-configured' | 'circuit-open' | 'timeout' | 'failed';

export type BpjsLookup =
  | { outcome: 'member'; source: BpjsService; membership: BpjsMembership }
  | { outcome: 'not-member'; source: BpjsService }
  | { outcome: 'unavailable'; source: BpjsService; reason: UnavailableReason; detail: string };

export interface BpjsClientOptions {
  /** Per request, body included. A counter cannot wait longer than this. */
  timeoutMs?: number;
  /** Consecutive failures that open a service's breaker. */
  failureThreshold?: number;
  coolDownMs?: number;
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
}

const DEFAULTS: Required<BpjsClientOptions> = {
  timeoutMs: 2_000,
  failureThreshold: 5,
  coolDownMs: 30_000,
  cacheTtlMs: 60_000,
  cacheMaxEntries: 10_000,
};

const envelopeSchema = z.object({
  metaData: z.object({ code: z.union([z.string(), z.number()]), message: z.string() }),
  response: z.unknown(),
});

/** How BPJS says "no member with this NIK" (a definite answer, not a failure). */
const NOT_FOUND = /tidak ditemukan/i;

interface ServiceState {
  baseUrl: string | null;
  breaker: CircuitBreaker;
  cache: TtlCache<BpjsLookup>;
}

export class BpjsClient {
  readonly #config: BpjsConfig;
  readonly #timeoutMs: number;
  readonly #services: Record<BpjsService, ServiceState>;

  constructor(config: BpjsConfig, options: BpjsClientOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    this.#config = config;
    this.#timeoutMs = o.timeoutMs;
    const state = (baseUrl: string | null): ServiceState => ({
      baseUrl,
      breaker: new CircuitBreaker({ failureThreshold: o.failureThreshold, coolDownMs: o.coolDownMs }),
      cache: new TtlCache({ ttlMs: o.cacheTtlMs, maxEntries: o.cacheMaxEntries }),
    });
    this.#services = { vclaim: state(config.vclaimUrl), pcare: state(config.pcareUrl) };
  }

  /** Membership on a service date (`YYYY-MM-DD`, the SEP date); the answer is as of that date. */
  vclaimPeserta(nik: string, serviceDate: string): Promise<BpjsLookup> {
    checkNik(nik);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(serviceDate)) throw new RangeError(`Service date must be YYYY-MM-DD: "${serviceDate}"`);
    return this.#lookup('vclaim', nik, `/Peserta/nik/${nik}/tglSEP/${serviceDate}`, (json) => {
      const { peserta } = z.object({ peserta: vclaimPesertaSchema }).parse(json);
      if (peserta.nik !== nik) throw new Error('BPJS vclaim answered for another NIK');
      return mapVclaimPeserta(peserta, serviceDate);
    });
  }

  /** Membership today: `today` is the district's date (PCare answers for the day it is asked). */
  pcarePeserta(nik: string, today: string): Promise<BpjsLookup> {
    checkNik(nik);
    return this.#lookup('pcare', nik, `/peserta/nik/${nik}`, (json) => {
      const peserta = pcarePesertaSchema.parse(json);
      if (peserta.noKTP && peserta.noKTP !== nik) throw new Error('BPJS pcare answered for another NIK');
      return mapPcarePeserta(peserta, today);
    });
  }

  async #lookup(
    source: BpjsService,
    nik: string,
    path: string,
    map: (json: unknown) => BpjsMembership,
  ): Promise<BpjsLookup> {
    const { baseUrl, breaker, cache } = this.#services[source];
    if (baseUrl === null) return { outcome: 'unavailable', source, reason: 'not-configured', detail: `${source} URL not set` };
    const cached = cache.get(path);
    if (cached !== undefined) return cached;
    if (!breaker.tryAcquire()) {
      return { outcome: 'unavailable', source, reason: 'circuit-open', detail: `${source} switched off after repeated failures` };
    }
    try {
      const answer = await this.#request(source, `${baseUrl}${path}`, map);
      breaker.recordSuccess();
      cache.set(path, answer);
      return answer;
    } catch (error) {
      breaker.recordFailure();
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      // Messages may echo the URL or BPJS's text; neither may carry a whole NIK into logs.
      const detail = timedOut ? `${source} did not answer within ${this.#timeoutMs} ms` : String((error as Error)?.message ?? error);
      return { outcome: 'unavailable', source, reason: timedOut ? 'timeout' : 'failed', detail: detail.replaceAll(nik, maskNik(nik)) };
    }
  }

  async #request(source: BpjsService, url: string, map: (json: unknown) => BpjsMembership): Promise<BpjsLookup> {
    const { credentials } = this.#config;
    const headers = bpjsHeaders(credentials, new Date());
    const response = await fetch(url, {
      headers: { ...headers, Accept: 'application/json' },
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${source} answered HTTP ${response.status} without JSON`);
    }
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) throw new Error(`${source} answered HTTP ${response.status} without metaData`);
    const { metaData, response: payload } = envelope.data;

    if (String(metaData.code) === '200') {
      if (typeof payload !== 'string') throw new Error(`${source} answered 200 without an encrypted response`);
      const json: unknown = JSON.parse(
        decryptResponse(payload, credentials.consId, credentials.secretKey, headers['X-timestamp']),
      );
      return { outcome: 'member', source, membership: map(json) };
    }
    if (NOT_FOUND.test(metaData.message)) return { outcome: 'not-member', source };
    throw new Error(`${source} answered ${metaData.code}: ${metaData.message}`);
  }
}

function checkNik(nik: string): void {
  // The NIK goes into a URL path: anything but 16 digits is a caller's bug, not a BPJS question.
  if (!/^\d{16}$/.test(nik)) throw new RangeError('NIK must be 16 digits');
}
