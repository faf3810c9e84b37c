import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  KBK_REFERENCE,
  capitationColumn,
  capitationShare,
  kbkRatings,
  kbkReferenceProblems,
  kbkScore,
  kbkTargets,
  rateIndicator,
  targetMet,
  type KbkReference,
} from './kbk.ts';

describe('rateIndicator', () => {
  it('AK: ≥150 → 4, >145 → 3, >140 → 2, ≤140 → 1, at and around every bound', () => {
    const cases: [number, number][] = [
      [1000, 4],
      [150, 4],
      [149.99, 3],
      [145.01, 3],
      [145, 2],
      [140.01, 2],
      [140, 1],
      [0, 1],
    ];
    for (const [value, rating] of cases) assert.equal(rateIndicator('ak', value), rating, `AK ${value}`);
  });

  it('RRNS: ≤2 → 4, ≤2.5 → 3, ≤3 → 2, >3 → 1, at and around every bound', () => {
    const cases: [number, number][] = [
      [0, 4],
      [2, 4],
      [2.01, 3],
      [2.5, 3],
      [2.51, 2],
      [3, 2],
      [3.01, 1],
      [100, 1],
    ];
    for (const [value, rating] of cases) assert.equal(rateIndicator('rrns', value), rating, `RRNS ${value}`);
  });

  it('RPPT: ≥5 → 4, ≥4 → 3, ≥3 → 2, <3 → 1, at and around every bound', () => {
    const cases: [number, number][] = [
      [100, 4],
      [5, 4],
      [4.99, 3],
      [4, 3],
      [3.99, 2],
      [3, 2],
      [2.99, 1],
      [0, 1],
    ];
    for (const [value, rating] of cases) assert.equal(rateIndicator('rppt', value), rating, `RPPT ${value}`);
  });

  it('rates a null value as 0: AK 1, RRNS 4 (no referral), RPPT 1', () => {
    assert.equal(rateIndicator('ak', null), 1);
    assert.equal(rateIndicator('rrns', null), 4);
    assert.equal(rateIndicator('rppt', null), 1);
  });

  it('rejects negative, NaN and infinite values', () => {
    assert.throws(() => rateIndicator('ak', -1), /KBK ak/);
    assert.throws(() => rateIndicator('rrns', Number.NaN), /KBK rrns/);
    assert.throws(() => rateIndicator('rppt', Number.POSITIVE_INFINITY), /KBK rppt/);
  });

  it('follows a reference passed in', () => {
    const stricter: KbkReference = structuredClone(KBK_REFERENCE);
    stricter.indicators.ak.bands = [
      { op: '>=', bound: 250 },
      { op: '>=', bound: 200 },
      { op: '>=', bound: 150 },
    ];
    assert.equal(rateIndicator('ak', 150, stricter), 2);
    assert.equal(rateIndicator('ak', 150), 4);
  });
});

describe('kbkScore', () => {
  it('weights AK 40 %, RRNS 50 %, RPPT 10 %', () => {
    assert.equal(kbkScore({ ak: 150, rrns: 2, rppt: 5 }), 4);
    assert.equal(kbkScore({ ak: 0, rrns: 10, rppt: 0 }), 1);
    // 4 × 0.4 + 3 × 0.5 + 1 × 0.1 = 3.2 exactly (no floating-point tail)
    assert.equal(kbkScore({ ak: 150, rrns: 2.5, rppt: 0 }), 3.2);
    // 1 × 0.4 + 4 × 0.5 + 4 × 0.1 = 2.8
    assert.equal(kbkScore({ ak: 100, rrns: 1, rppt: 10 }), 2.8);
    // 4 × 0.4 + 1 × 0.5 + 4 × 0.1 = 2.5
    assert.equal(kbkScore({ ak: 200, rrns: 5, rppt: 6 }), 2.5);
    // 2 × 0.4 + 2 × 0.5 + 2 × 0.1 = 2
    assert.equal(kbkScore({ ak: 141, rrns: 3, rppt: 3 }), 2);
  });

  it('scores a facility with no referral and no Prolanis participant as RRNS 4, RPPT 1', () => {
    assert.deepEqual(kbkRatings({ ak: 160, rrns: null, rppt: null }), { ak: 4, rrns: 4, rppt: 1 });
    assert.equal(kbkScore({ ak: 160, rrns: null, rppt: null }), 3.7);
  });
});

describe('capitationShare', () => {
  it('pays Puskesmas 100/95/90/85 % and clinics 100/97/96/95 % at every band edge', () => {
    const cases: [number, number, number][] = [
      [4, 100, 100],
      [3.99, 95, 97],
      [3, 95, 97],
      [2.99, 90, 96],
      [2, 90, 96],
      [1.99, 85, 95],
      [1, 85, 95],
    ];
    for (const [score, puskesmas, clinic] of cases) {
      assert.equal(capitationShare(score, 'PUSKESMAS'), puskesmas, `Puskesmas at ${score}`);
      assert.equal(capitationShare(score, 'KLINIK'), clinic, `clinic at ${score}`);
      assert.equal(capitationShare(score, 'DOKTER'), clinic, `doctor at ${score}`);
    }
  });

  it('combines with kbkScore: 3.2 → 95 % for a Puskesmas', () => {
    assert.equal(capitationShare(kbkScore({ ak: 150, rrns: 2.5, rppt: 0 }), 'PUSKESMAS'), 95);
  });

  it('rejects a score outside 1–4 and a hospital', () => {
    assert.throws(() => capitationShare(0.9, 'PUSKESMAS'), /score/);
    assert.throws(() => capitationShare(4.1, 'KLINIK'), /score/);
    assert.throws(() => capitationShare(4, 'RS'), /jenis/);
    assert.throws(() => capitationColumn('APOTEK'), /jenis/);
  });
});

describe('targetMet', () => {
  it('AK ≥ 150, RRNS ≤ 2, RPPT ≥ 5 exactly at the target', () => {
    assert.equal(targetMet('ak', 150), true);
    assert.equal(targetMet('ak', 149.999), false);
    assert.equal(targetMet('rrns', 2), true);
    assert.equal(targetMet('rrns', 2.001), false);
    assert.equal(targetMet('rppt', 5), true);
    assert.equal(targetMet('rppt', 4.999), false);
  });

  it('is null when the value is null', () => {
    assert.deepEqual(kbkTargets({ ak: null, rrns: null, rppt: null }), { ak: null, rrns: null, rppt: null });
    assert.deepEqual(kbkTargets({ ak: 151, rrns: 0, rppt: 1 }), { ak: true, rrns: true, rppt: false });
  });
});

describe('kbkReferenceProblems', () => {
  it('accepts the default reference and names what is wrong with a bad one', () => {
    assert.deepEqual(kbkReferenceProblems(KBK_REFERENCE), []);
    const bad: KbkReference = structuredClone(KBK_REFERENCE);
    bad.indicators.rppt.weight = 20;
    bad.indicators.rrns.bands = [
      { op: '<=', bound: 3 },
      { op: '<=', bound: 2.5 },
      { op: '<=', bound: 2 },
    ];
    bad.capitation = [{ minScore: 2, puskesmas: 100, clinic: 100 }];
    const problems = kbkReferenceProblems(bad);
    assert.ok(problems.some((p) => p.includes('weights add up to 110')));
    assert.ok(problems.some((p) => p.startsWith('indicators.rrns.bands')));
    assert.ok(problems.some((p) => p.startsWith('capitation: the last band')));
  });

  it('names its source', () => {
    assert.match(KBK_REFERENCE.source, /Peraturan BPJS Kesehatan Nomor 7 Tahun 2019/);
  });
});
