import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CASE_ROUTES,
  REACTIVATION_MAX_ARREARS_MONTHS,
  REHAB_MIN_ARREARS_MONTHS,
  ROUTE_OFFICE,
  countedArrearsMonths,
  decideEligibility,
  slaState,
  type CaseRoute,
  type DistrictPolicy,
  type EligibilityFacts,
  type MembershipFacts,
  type WelfareFacts,
} from './eligibility.ts';
import { INACTIVE_REASONS, SEGMENTS, type InactiveReason, type ResidentStatus, type Segment } from './membership.ts';

const NOW = new Date('2026-03-02T01:30:00Z');
const HOUR = 3_600_000;

/** A distinct SLA per route (1, 2, 3 … hours), so a due time tells which route set it. */
const SLA_HOURS = Object.fromEntries(CASE_ROUTES.map((route, i) => [route, i + 1])) as Record<CaseRoute, number>;

function policy(guarantee: boolean): DistrictPolicy {
  return { guaranteeInactive: guarantee, guaranteeUnregistered: guarantee, slaHours: SLA_HOURS };
}

function member(segment: Segment, reason: InactiveReason | null, arrearsMonths: number | null = null): MembershipFacts {
  return { segment, status: 'NONAKTIF', reason, arrearsMonths, primaryFacility: '22010101', asOf: '2026-02-28' };
}

function activeMember(segment: Segment): MembershipFacts {
  return { segment, status: 'AKTIF', reason: null, arrearsMonths: null, primaryFacility: '22010101', asOf: '2026-02-28' };
}

function facts(
  membership: MembershipFacts | null,
  welfare: WelfareFacts | null = null,
  resident: ResidentStatus | null = 'HIDUP',
): EligibilityFacts {
  return { resident: resident === null ? null : { status: resident }, membership, welfare };
}

function desil(value: number, extremePoor = false): WelfareFacts {
  return { desil: value, extremePoor };
}

function decide(f: EligibilityFacts, guarantee = true) {
  return decideEligibility(f, policy(guarantee), NOW);
}

/** The route a resident's inactive membership leads to (guarantee on). */
function routeOf(membership: MembershipFacts, welfare: WelfareFacts | null = null): CaseRoute | undefined {
  return decide(facts(membership, welfare)).case?.route;
}

describe('decideEligibility: an active member', () => {
  it('is served under JKN with no case, whatever the segment, the register or the guarantee', () => {
    for (const segment of SEGMENTS) {
      for (const resident of ['HIDUP', 'PINDAH', 'MENINGGAL', null] as const) {
        for (const guarantee of [true, false]) {
          const d = decide(facts(activeMember(segment), null, resident), guarantee);
          assert.equal(d.served, true);
          assert.equal(d.basis, 'JKN_AKTIF');
          assert.equal(d.membership, 'AKTIF');
          assert.equal(d.reason, null);
          assert.equal(d.case, null, `${segment} / ${resident}`);
          assert.equal(d.resident, resident === 'HIDUP');
        }
      }
    }
  });

  it('tells the desk to serve, and to check identity when the register says deceased', () => {
    assert.equal(decide(facts(activeMember('PBPU'))).nextStep, 'Layani pasien: JKN aktif.');
    assert.match(decide(facts(activeMember('PBPU'), null, 'MENINGGAL')).nextStep, /meninggal: cocokkan identitas/);
  });
});

describe('decideEligibility: an inactive resident', () => {
  it('is served under the district guarantee when the district has chosen so, and a case opens at once', () => {
    const d = decide(facts(member('PBI_APBN', 'PBI_DINONAKTIFKAN'), desil(3)));
    assert.deepEqual(
      { resident: d.resident, membership: d.membership, reason: d.reason, served: d.served, basis: d.basis },
      { resident: true, membership: 'NONAKTIF', reason: 'PBI_DINONAKTIFKAN', served: true, basis: 'JAMINAN_PEMDA' },
    );
    assert.equal(
      d.nextStep,
      'Layani pasien dengan jaminan Pemda. Terbitkan surat keterangan berobat. Kasus reaktivasi PBI dibuka untuk Dinas Sosial.',
    );
    assert.deepEqual(d.case, {
      route: 'DINSOS_REAKTIVASI_PBI',
      ownerOffice: 'dinsos',
      openedAt: NOW,
      dueAt: new Date(NOW.getTime() + SLA_HOURS.DINSOS_REAKTIVASI_PBI * HOUR),
      basis:
        'Permensos 3/2026 — PBI-JK reactivation through Dinas Sosial, SIKS-NG and Kemensos, with the facility letter ' +
        '(surat keterangan berobat); PBI targets DTSEN desil 1–5 (docs/rules.md §3.2, §5.5)',
    });
  });

  it('is not served without the guarantee, the case still opens, and emergency care is never refused', () => {
    const d = decide(facts(member('PBPU', 'TUNGGAKAN', 6)), false);
    assert.equal(d.served, false);
    assert.equal(d.basis, 'TIDAK');
    assert.equal(d.case?.route, 'REHAB_ATAU_PBPU_PEMDA');
    assert.match(d.nextStep, /^Tidak ada jaminan JKN atau Pemda; pasien gawat darurat tetap dilayani\./);
  });

  it('gets the guarantee for every cause, not only for unpaid premiums', () => {
    for (const reason of [...INACTIVE_REASONS, null]) {
      const d = decide(facts(member('PBPU', reason, 6)));
      assert.equal(d.served, true, String(reason));
      assert.equal(d.basis, 'JAMINAN_PEMDA');
      assert.equal(d.reason, reason);
      assert.notEqual(d.case, null);
    }
  });

  describe('removed from PBI (APBN)', () => {
    it('goes to Dinas Sosial for desil 1 to 5', () => {
      for (const value of [1, 2, 3, 4, 5]) {
        assert.equal(routeOf(member('PBI_APBN', 'PBI_DINONAKTIFKAN'), desil(value)), 'DINSOS_REAKTIVASI_PBI', `desil ${value}`);
      }
    });

    it('is registered as PBPU Pemda from desil 6, or when not in DTSEN, and the desk hears of the urgent-care letter', () => {
      for (const welfare of [desil(6), desil(10), null]) {
        const d = decide(facts(member('PBI_APBN', 'PBI_DINONAKTIFKAN'), welfare));
        assert.equal(d.case?.route, 'PBPU_PEMDA', JSON.stringify(welfare));
        assert.equal(d.case?.ownerOffice, 'dinkes');
        assert.match(d.nextStep, /perawatan mendesak .* surat keterangan berobat untuk reaktivasi PBI lewat Dinas Sosial/);
        assert.match(d.case?.basis ?? '', /desil 6–10 or not in DTSEN .* \(docs\/rules\.md §3\.2, §1\)$/);
      }
    });

    it('goes to Dinas Sosial when flagged extreme poor, even with a higher desil', () => {
      assert.equal(routeOf(member('PBI_APBN', 'PBI_DINONAKTIFKAN'), desil(6, true)), 'DINSOS_REAKTIVASI_PBI');
    });
  });

  describe('unpaid premiums: the segment names who stopped paying', () => {
    const UNPAID: InactiveReason[] = ['PBI_DINONAKTIFKAN', 'TUNGGAKAN', 'PPU_BERHENTI'];
    const cases: [Segment, CaseRoute, RegExp][] = [
      ['PBI_APBN', 'PBPU_PEMDA', /Permensos 3\/2026/],
      ['PBI_APBD', 'PBPU_PEMDA', /Pemda arrears \(UHC cut-off\)/],
      ['PPU_BU', 'DISNAKER_PEMBERI_KERJA', /Perpres 82\/2018 Pasal 13/],
      ['PPU_PN', 'PBPU_PEMDA', /Perpres 59\/2024 Pasal 27/],
      ['PBPU', 'REHAB_ATAU_PBPU_PEMDA', /REHAB/],
      ['BP', 'REHAB_ATAU_PBPU_PEMDA', /REHAB/],
    ];
    for (const [segment, route, basis] of cases) {
      it(`${segment} → ${route}`, () => {
        for (const reason of UNPAID) {
          const d = decide(facts(member(segment, reason, 10), desil(8)));
          assert.equal(d.case?.route, route, reason);
          assert.match(d.case?.basis ?? '', basis);
        }
      });
    }

    it('sends employers to Disnaker', () => {
      const d = decide(facts(member('PPU_BU', 'PPU_BERHENTI')));
      assert.equal(d.case?.ownerOffice, 'disnaker');
      assert.match(d.nextStep, /Iuran tidak dibayar pemberi kerja\. Kasus tindak lanjut pemberi kerja dibuka untuk Disnaker\.$/);
    });
  });

  describe('PBPU/BP arrears', () => {
    it('below 4 months: pay the arrears directly', () => {
      for (const months of [0, 1, 3]) {
        const d = decide(facts(member('PBPU', 'TUNGGAKAN', months)));
        assert.equal(d.case?.route, 'BAYAR_TUNGGAKAN', `${months} months`);
        assert.match(d.nextStep, new RegExp(`Tunggakan ${months} bulan: lunasi tunggakan`));
      }
    });

    it('4 to 24 months: REHAB instalments or PBPU Pemda', () => {
      for (const months of [4, 12, 24]) {
        const d = decide(facts(member('BP', 'TUNGGAKAN', months)));
        assert.equal(d.case?.route, 'REHAB_ATAU_PBPU_PEMDA', `${months} months`);
        assert.match(d.nextStep, new RegExp(`Tunggakan ${months} bulan: tawarkan cicilan REHAB`));
      }
    });

    it('above 24 months: still REHAB, counted as 24', () => {
      const d = decide(facts(member('PBPU', 'TUNGGAKAN', 25)));
      assert.equal(d.case?.route, 'REHAB_ATAU_PBPU_PEMDA');
      assert.match(d.nextStep, /Tunggakan 25 bulan \(dihitung 24 bulan\): tawarkan cicilan REHAB/);
    });

    it('unknown months: REHAB or PBPU Pemda, after the office checks the amount', () => {
      const d = decide(facts(member('PBPU', 'TUNGGAKAN', null)));
      assert.equal(d.case?.route, 'REHAB_ATAU_PBPU_PEMDA');
      assert.match(d.nextStep, /Tunggakan belum diketahui/);
    });

    it('counts arrears up to 24 months', () => {
      assert.equal(REHAB_MIN_ARREARS_MONTHS, 4);
      assert.equal(REACTIVATION_MAX_ARREARS_MONTHS, 24);
      assert.deepEqual([0, 3, 4, 24, 25, 60].map(countedArrearsMonths), [0, 3, 4, 24, 24, 24]);
    });
  });

  it('never paid the first premium → payment case', () => {
    for (const segment of SEGMENTS) assert.equal(routeOf(member(segment, 'PENANGGUHAN')), 'PEMBAYARAN_PERTAMA');
  });

  it('recorded deceased or duplicate at BPJS → data correction', () => {
    for (const segment of SEGMENTS) {
      const deceased = decide(facts(member(segment, 'MENINGGAL')));
      assert.equal(deceased.case?.route, 'KOREKSI_DATA');
      assert.match(deceased.case?.basis ?? '', /penonaktifan peserta meninggal/);
      const duplicate = decide(facts(member(segment, 'DATA_GANDA')));
      assert.equal(duplicate.case?.route, 'KOREKSI_DATA');
      assert.match(duplicate.case?.basis ?? '', /perbaikan data ganda/);
    }
  });

  it('with no cause given → traced with BPJS by Dinas Kesehatan', () => {
    for (const reason of ['LAINNYA', null] as const) {
      const d = decide(facts(member('PBPU', reason)));
      assert.equal(d.case?.route, 'TELUSURI_PENYEBAB');
      assert.equal(d.case?.ownerOffice, 'dinkes');
    }
  });
});

describe('decideEligibility: an unregistered resident', () => {
  it('gets a registration case, served under the guarantee only when the district has chosen so', () => {
    for (const guarantee of [true, false]) {
      const d = decide(facts(null, desil(2)), guarantee);
      assert.equal(d.resident, true);
      assert.equal(d.membership, 'TIDAK_TERDAFTAR');
      assert.equal(d.reason, null);
      assert.equal(d.served, guarantee);
      assert.equal(d.basis, guarantee ? 'JAMINAN_PEMDA' : 'TIDAK');
      assert.equal(d.case?.route, 'PENDAFTARAN');
      assert.equal(d.case?.ownerOffice, 'dinkes');
    }
  });

  it('follows each guarantee separately', () => {
    const onlyInactive: DistrictPolicy = { guaranteeInactive: true, guaranteeUnregistered: false, slaHours: SLA_HOURS };
    assert.equal(decideEligibility(facts(null), onlyInactive, NOW).served, false);
    assert.equal(decideEligibility(facts(member('PBPU', 'TUNGGAKAN', 2)), onlyInactive, NOW).served, true);
    const onlyUnregistered: DistrictPolicy = { ...onlyInactive, guaranteeInactive: false, guaranteeUnregistered: true };
    assert.equal(decideEligibility(facts(null), onlyUnregistered, NOW).served, true);
    assert.equal(decideEligibility(facts(member('PBPU', 'TUNGGAKAN', 2)), onlyUnregistered, NOW).served, false);
  });
});

describe('decideEligibility: a NIK the register does not place in the district', () => {
  it('unknown to both sources → not a resident, not registered, Dukcapil verification, emergency care still given', () => {
    const d = decide(facts(null, null, null));
    assert.equal(d.resident, false);
    assert.equal(d.membership, 'TIDAK_TERDAFTAR');
    assert.equal(d.served, false);
    assert.equal(d.basis, 'TIDAK');
    assert.equal(d.case?.route, 'VERIFIKASI_DUKCAPIL');
    assert.equal(d.case?.ownerOffice, 'disdukcapil');
    assert.equal(
      d.nextStep,
      'Tidak ada jaminan JKN atau Pemda; pasien gawat darurat tetap dilayani. NIK tidak ada di data kependudukan ' +
        'kabupaten: arahkan pasien ke Dukcapil. Kasus verifikasi kependudukan dibuka untuk Dukcapil.',
    );
  });

  it('an inactive member missing from the register gets no guarantee, even where the district guarantees', () => {
    const d = decide(facts(member('PBPU', 'TUNGGAKAN', 5), null, null), true);
    assert.equal(d.served, false);
    assert.equal(d.membership, 'NONAKTIF');
    assert.equal(d.reason, 'TUNGGAKAN');
    assert.equal(d.case?.route, 'VERIFIKASI_DUKCAPIL');
  });

  it('a resident recorded as moved out is sent to Dukcapil, without the guarantee', () => {
    for (const membership of [null, member('PBI_APBN', 'PBI_DINONAKTIFKAN')]) {
      const d = decide(facts(membership, desil(1), 'PINDAH'), true);
      assert.equal(d.resident, false);
      assert.equal(d.served, false);
      assert.equal(d.case?.route, 'VERIFIKASI_DUKCAPIL');
      assert.match(d.nextStep, /pindah keluar kabupaten/);
    }
  });
});

describe('decideEligibility: a NIK the register records as deceased', () => {
  it('gets no service decision as a patient, whatever the guarantee, and a data correction case', () => {
    for (const membership of [null, member('PBPU', 'TUNGGAKAN', 2), member('PBPU', 'MENINGGAL')]) {
      const d = decide(facts(membership, null, 'MENINGGAL'), true);
      assert.equal(d.resident, false);
      assert.equal(d.served, false);
      assert.equal(d.basis, 'TIDAK');
      assert.equal(d.case?.route, 'KOREKSI_DATA');
      assert.match(d.case?.basis ?? '', /population register \(Dukcapil\) records this NIK as deceased/);
      assert.match(d.nextStep, /gawat darurat tetap dilayani\. Data kependudukan mencatat NIK ini meninggal/);
    }
  });
});

describe('case routes', () => {
  it('every route has an owner office, a basis in docs/rules.md and an SLA from the policy', () => {
    const reached = new Map<CaseRoute, EligibilityFacts>([
      ['DINSOS_REAKTIVASI_PBI', facts(member('PBI_APBN', 'PBI_DINONAKTIFKAN'), desil(1))],
      ['PBPU_PEMDA', facts(member('PBI_APBD', 'TUNGGAKAN'))],
      ['BAYAR_TUNGGAKAN', facts(member('PBPU', 'TUNGGAKAN', 1))],
      ['REHAB_ATAU_PBPU_PEMDA', facts(member('PBPU', 'TUNGGAKAN', 4))],
      ['DISNAKER_PEMBERI_KERJA', facts(member('PPU_BU', 'PPU_BERHENTI'))],
      ['PEMBAYARAN_PERTAMA', facts(member('PBPU', 'PENANGGUHAN'))],
      ['KOREKSI_DATA', facts(member('PBPU', 'DATA_GANDA'))],
      ['PENDAFTARAN', facts(null)],
      ['VERIFIKASI_DUKCAPIL', facts(null, null, null)],
      ['TELUSURI_PENYEBAB', facts(member('PBPU', 'LAINNYA'))],
    ]);
    assert.deepEqual([...reached.keys()].sort(), [...CASE_ROUTES].sort());
    for (const [route, f] of reached) {
      const opened = decide(f).case;
      assert.equal(opened?.route, route);
      assert.equal(opened?.ownerOffice, ROUTE_OFFICE[route]);
      assert.match(opened?.basis ?? '', /\(docs\/rules\.md §\d[^)]*\)$/, route);
      assert.equal(opened?.openedAt.getTime(), NOW.getTime());
      assert.equal(opened?.dueAt.getTime(), NOW.getTime() + SLA_HOURS[route] * HOUR, route);
    }
  });
});

describe('slaState', () => {
  // A 24-hour window: the last quarter starts 18 hours after opening.
  const openedAt = new Date('2026-03-02T00:00:00Z');
  const dueAt = new Date('2026-03-03T00:00:00Z');
  const at = (ms: number) => slaState({ openedAt, dueAt }, new Date(openedAt.getTime() + ms));

  it('is green until the last quarter of the window', () => {
    assert.equal(at(0), 'green');
    assert.equal(at(18 * HOUR - 1), 'green');
  });

  it('is amber in the last quarter, from its first millisecond to the last', () => {
    assert.equal(at(18 * HOUR), 'amber');
    assert.equal(at(24 * HOUR - 1), 'amber');
  });

  it('is red from the due time on', () => {
    assert.equal(at(24 * HOUR), 'red');
    assert.equal(at(48 * HOUR), 'red');
  });

  it('is red at once for a zero-hour window', () => {
    assert.equal(slaState({ openedAt, dueAt: openedAt }, openedAt), 'red');
  });
});
