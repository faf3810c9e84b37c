import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
const TODAY = '2026-03-02';
import { BpjsClient, type BpjsClientOptions, type BpjsLookup } from './client.ts';
import { BpjsConfig } from './config.ts';
import { startFakeBpjs, type FakeBpjs, type FakeBpjsMember } from '../../../../test/support/fake-bpjs-server.ts';

const CREDENTIALS = { consId: '29817', secretKey: 'kunci-rahasia-uji', userKey: 'user-key-uji' };
const ACTIVE = '5203014107900001';
const INACTIVE_PREMIUM = '5203011203850002';
const UNKNOWN = '5203016612990004';
const SEP_DATE = '2026-03-02';

const MEMBERS = new Map<string, FakeBpjsMember>([
  [
    ACTIVE,
    {
      vclaim: {
        nik: ACTIVE,
        noKartu: '0001234567890',
        statusPeserta: { kode: '0', keterangan: 'AKTIF' },
        jenisPeserta: { kode: '22', keterangan: 'PBPU DAN BP PEMERINTAH DAERAH' },
        hakKelas: { kode: '3', keterangan: 'KELAS III' },
        provUmum: { kdProvider: '22010101', nmProvider: 'PUSKESMAS SELONG' },
        tglTAT: '2026-12-31',
      },
      pcare: {
        noKartu: '0001234567890',
        noKTP: ACTIVE,
        aktif: true,
        ketAktif: 'AKTIF',
        jnsPeserta: { kode: '22', nama: 'PBI (APBD)' },
        jnsKelas: { kode: '3', nama: 'KELAS III' },
        kdProviderPst: { kdProvider: '22010101', nmProvider: 'PUSKESMAS SELONG' },
        tglAkhirBerlaku: '31-12-2026',
        tunggakan: 0,
      },
    },
  ],
  [
    INACTIVE_PREMIUM,
    {
      vclaim: {
        nik: INACTIVE_PREMIUM,
        noKartu: '0009876543210',
        statusPeserta: { kode: '2', keterangan: 'TIDAK AKTIF PREMI' },
        jenisPeserta: { kode: '14', keterangan: 'PEKERJA MANDIRI' },
        hakKelas: { kode: '2', keterangan: 'KELAS II' },
        provUmum: { kdProvider: '22010202', nmProvider: 'PUSKESMAS MASBAGIK' },
        tglTAT: '2025-10-31',
      },
      pcare: {
        noKartu: '0009876543210',
        noKTP: INACTIVE_PREMIUM,
        aktif: false,
        ketAktif: 'TIDAK AKTIF',
        jnsPeserta: { kode: '14', nama: 'PEKERJA MANDIRI' },
        jnsKelas: { kode: '2', nama: 'KELAS II' },
        kdProviderPst: { kdProvider: '22010202', nmProvider: 'PUSKESMAS MASBAGIK' },
        tglAkhirBerlaku: '31-10-2025',
        tunggakan: 4,
      },
    },
  ],
]);

let bpjs: FakeBpjs;

before(async () => {
  bpjs = await startFakeBpjs({ credentials: CREDENTIALS, members: MEMBERS });
});
after(() => bpjs.close());
beforeEach(() => bpjs.behave('up'));

function client(options: BpjsClientOptions = {}, secretKey = CREDENTIALS.secretKey): BpjsClient {
  return new BpjsClient(new BpjsConfig(bpjs.vclaimUrl, bpjs.pcareUrl, { ...CREDENTIALS, secretKey }), options);
}

function unavailableReason(lookup: BpjsLookup): string | null {
  return lookup.outcome === 'unavailable' ? lookup.reason : null;
}

describe('BpjsClient against a fake BPJS speaking the real protocol', () => {
  it('VClaim: maps an active member, as of the service date', async () => {
    const lookup = await client().vclaimPeserta(ACTIVE, SEP_DATE);
    assert.deepEqual(lookup, {
      outcome: 'member',
      source: 'vclaim',
      membership: {
        segment: 'PBI_APBD',
        status: 'AKTIF',
        reason: null,
        arrearsMonths: null,
        primaryFacility: '22010101',
        asOf: SEP_DATE,
        cardNumber: '0001234567890',
        membershipClass: '3',
        validUntil: '2026-12-31',
        segmentLabel: 'PBPU DAN BP PEMERINTAH DAERAH',
        statusLabel: 'AKTIF',
      },
    });
  });

  it('VClaim: maps a member inactive for unpaid premiums', async () => {
    const lookup = await client().vclaimPeserta(INACTIVE_PREMIUM, SEP_DATE);
    assert.equal(lookup.outcome, 'member');
    if (lookup.outcome !== 'member') return;
    assert.deepEqual(
      [lookup.membership.segment, lookup.membership.status, lookup.membership.reason, lookup.membership.primaryFacility],
      ['PBPU', 'NONAKTIF', 'TUNGGAKAN', '22010202'],
    );
  });

  it('PCare: maps an active and an inactive member, as of today in Lombok', async () => {
    const c = client();
    const active = await c.pcarePeserta(ACTIVE, TODAY);
    const inactive = await c.pcarePeserta(INACTIVE_PREMIUM, TODAY);
    assert.equal(active.outcome === 'member' && active.membership.asOf, TODAY);
    assert.deepEqual(
      [active, inactive].map((l) => (l.outcome === 'member' ? [l.source, l.membership.segment, l.membership.status, l.membership.reason] : l)),
      [
        ['pcare', 'PBI_APBD', 'AKTIF', null],
        ['pcare', 'PBPU', 'NONAKTIF', 'TUNGGAKAN'],
      ],
    );
  });

  it('answers not-member for a NIK BPJS does not know, on both services', async () => {
    const c = client();
    assert.deepEqual(await c.vclaimPeserta(UNKNOWN, SEP_DATE), { outcome: 'not-member', source: 'vclaim' });
    assert.deepEqual(await c.pcarePeserta(UNKNOWN, TODAY), { outcome: 'not-member', source: 'pcare' });
  });

  it('is rejected by BPJS with a wrong secret key, and says so without the NIK', async () => {
    const lookup = await client({}, 'not-the-key').vclaimPeserta(ACTIVE, SEP_DATE);
    assert.equal(unavailableReason(lookup), 'failed');
    const detail = lookup.outcome === 'unavailable' ? lookup.detail : '';
    assert.match(detail, /401: Authentication failed/);
    assert.doesNotMatch(detail, new RegExp(ACTIVE));
  });

  it('gives up after the timeout when BPJS is slow', async () => {
    bpjs.behave({ delayMs: 1_000 });
    const started = performance.now();
    const lookup = await client({ timeoutMs: 100 }).vclaimPeserta(ACTIVE, SEP_DATE);
    const elapsed = performance.now() - started;
    assert.deepEqual(lookup, { outcome: 'unavailable', source: 'vclaim', reason: 'timeout', detail: 'vclaim did not answer within 100 ms' });
    assert.ok(elapsed >= 90 && elapsed < 800, `took ${elapsed} ms`);
  });

  it('opens the breaker after repeated failures, then closes it after the cool-down when BPJS is back', async () => {
    const c = client({ failureThreshold: 2, coolDownMs: 150 });
    bpjs.behave('down');
    const before = bpjs.requests;
    assert.equal(unavailableReason(await c.vclaimPeserta(ACTIVE, SEP_DATE)), 'failed');
    assert.equal(unavailableReason(await c.vclaimPeserta(ACTIVE, SEP_DATE)), 'failed');
    assert.equal(unavailableReason(await c.vclaimPeserta(ACTIVE, SEP_DATE)), 'circuit-open');
    assert.equal(bpjs.requests - before, 2, 'an open breaker sends nothing');
    // PCare has its own breaker.
    assert.equal(unavailableReason(await c.pcarePeserta(ACTIVE, TODAY)), 'failed');

    bpjs.behave('up');
    assert.equal(unavailableReason(await c.vclaimPeserta(ACTIVE, SEP_DATE)), 'circuit-open');
    await sleep(160);
    assert.equal((await c.vclaimPeserta(ACTIVE, SEP_DATE)).outcome, 'member', 'the half-open trial');
    assert.equal((await c.vclaimPeserta(INACTIVE_PREMIUM, SEP_DATE)).outcome, 'member', 'closed again');
  });

  it('counts timeouts as failures for the breaker', async () => {
    const c = client({ timeoutMs: 50, failureThreshold: 1, coolDownMs: 60_000 });
    bpjs.behave({ delayMs: 500 });
    assert.equal(unavailableReason(await c.pcarePeserta(ACTIVE, TODAY)), 'timeout');
    assert.equal(unavailableReason(await c.pcarePeserta(ACTIVE, TODAY)), 'circuit-open');
  });

  it('answers a repeated lookup from its cache, per NIK and service date, and does not cache failures', async () => {
    const c = client();
    const before = bpjs.requests;
    const first = await c.vclaimPeserta(ACTIVE, SEP_DATE);
    assert.deepEqual(await c.vclaimPeserta(ACTIVE, SEP_DATE), first);
    assert.equal(bpjs.requests - before, 1);
    await c.vclaimPeserta(ACTIVE, '2026-03-03');
    await c.vclaimPeserta(UNKNOWN, SEP_DATE);
    await c.vclaimPeserta(UNKNOWN, SEP_DATE);
    assert.equal(bpjs.requests - before, 3, 'not-member answers are cached too');

    bpjs.behave('down');
    await c.pcarePeserta(ACTIVE, TODAY);
    bpjs.behave('up');
    assert.equal((await c.pcarePeserta(ACTIVE, TODAY)).outcome, 'member');
  });

  it('expires cached answers after the TTL', async () => {
    const c = client({ cacheTtlMs: 50 });
    const before = bpjs.requests;
    await c.pcarePeserta(ACTIVE, TODAY);
    await sleep(60);
    await c.pcarePeserta(ACTIVE, TODAY);
    assert.equal(bpjs.requests - before, 2);
  });

  it('answers not-configured for a service without a URL', async () => {
    const c = new BpjsClient(new BpjsConfig(bpjs.vclaimUrl, null, CREDENTIALS));
    assert.equal(unavailableReason(await c.pcarePeserta(ACTIVE, TODAY)), 'not-configured');
  });

  it('refuses a malformed NIK or date before asking BPJS', () => {
    assert.throws(() => client().vclaimPeserta('5203/../../x', SEP_DATE), RangeError);
    assert.throws(() => client().vclaimPeserta(ACTIVE, '02-03-2026'), RangeError);
  });
});
