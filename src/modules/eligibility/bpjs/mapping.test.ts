import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SEGMENT_BY_LABEL,
  inactiveReasonFromLabel,
  mapPcarePeserta,
  mapVclaimPeserta,
  pcarePesertaSchema,
  segmentFromLabel,
  vclaimPesertaSchema,
  type PcarePeserta,
  type VclaimPeserta,
} from './mapping.ts';

const VCLAIM: VclaimPeserta = {
  nik: '5203014107900001',
  noKartu: '0001234567890',
  statusPeserta: { kode: '0', keterangan: 'AKTIF' },
  jenisPeserta: { kode: '13', keterangan: 'PEGAWAI SWASTA' },
  hakKelas: { kode: '1', keterangan: 'KELAS I' },
  provUmum: { kdProvider: '22010101', nmProvider: 'PUSKESMAS SELONG' },
  tglTAT: '2026-12-31',
};

const PCARE: PcarePeserta = {
  noKartu: '0001234567890',
  noKTP: '5203014107900001',
  aktif: true,
  ketAktif: 'AKTIF',
  jnsPeserta: { kode: '22', nama: 'PBI (APBD)' },
  jnsKelas: { kode: '3', nama: 'KELAS III' },
  kdProviderPst: { kdProvider: '22010101', nmProvider: 'PUSKESMAS SELONG' },
  tglAkhirBerlaku: '31-12-2026',
  tunggakan: 0,
};

function vclaim(overrides: Partial<VclaimPeserta>) {
  return mapVclaimPeserta(vclaimPesertaSchema.parse({ ...VCLAIM, ...overrides }), '2026-03-02');
}

function pcare(overrides: Partial<PcarePeserta>) {
  return mapPcarePeserta(pcarePesertaSchema.parse({ ...PCARE, ...overrides }), '2026-03-02');
}

describe('segment from jenisPeserta', () => {
  it('maps every label listed in docs/rules.md', () => {
    assert.deepEqual(
      Object.entries(SEGMENT_BY_LABEL).map(([label]) => [label, segmentFromLabel(label)]),
      [
        ['PBI JAMINAN KESEHATAN', 'PBI_APBN'],
        ['PBI (APBN)', 'PBI_APBN'],
        ['PBPU DAN BP PEMERINTAH DAERAH', 'PBI_APBD'],
        ['PBI (APBD)', 'PBI_APBD'],
        ['PNS PUSAT', 'PPU_PN'],
        ['PNS DAERAH', 'PPU_PN'],
        ['PRAJURIT AD', 'PPU_PN'],
        ['PEGAWAI PEMERINTAH DENGAN PERJANJIAN KERJA', 'PPU_PN'],
        ['PEGAWAI BUMN', 'PPU_BU'],
        ['PEGAWAI SWASTA', 'PPU_BU'],
        ['PEKERJA MANDIRI', 'PBPU'],
        ['PENERIMA PENSIUN PNS', 'BP'],
        ['PENERIMA PENSIUN PNS/POLRI/TNI', 'BP'],
      ],
    );
  });

  it('ignores case and spacing, and counts an unknown label as PBPU', () => {
    assert.equal(segmentFromLabel('  pegawai   swasta '), 'PPU_BU');
    assert.equal(segmentFromLabel('KATEGORI BARU'), 'PBPU');
    assert.equal(segmentFromLabel(''), 'PBPU');
  });
});

describe('inactive reason from the status label', () => {
  it('reads death, duplicates and a first premium never paid', () => {
    assert.equal(inactiveReasonFromLabel('MENINGGAL', 'PBPU'), 'MENINGGAL');
    assert.equal(inactiveReasonFromLabel('Data Ganda', 'PBI_APBN'), 'DATA_GANDA');
    assert.equal(inactiveReasonFromLabel('PENANGGUHAN PESERTA', 'PBPU'), 'PENANGGUHAN');
    assert.equal(inactiveReasonFromLabel('KELUAR KEMAUAN SENDIRI', 'PBPU'), 'LAINNYA');
  });

  it('names an unpaid premium after whoever stopped paying', () => {
    const byPayer = (['PBI_APBN', 'PBI_APBD', 'PPU_PN', 'PPU_BU', 'PBPU', 'BP'] as const).map((segment) =>
      inactiveReasonFromLabel('TIDAK AKTIF PREMI', segment),
    );
    assert.deepEqual(byPayer, ['PBI_DINONAKTIFKAN', 'TUNGGAKAN', 'PPU_BERHENTI', 'PPU_BERHENTI', 'TUNGGAKAN', 'TUNGGAKAN']);
  });
});

describe('mapVclaimPeserta', () => {
  it('maps an active member', () => {
    assert.deepEqual(vclaim({}), {
      segment: 'PPU_BU',
      status: 'AKTIF',
      reason: null,
      arrearsMonths: null,
      primaryFacility: '22010101',
      asOf: '2026-03-02',
      cardNumber: '0001234567890',
      membershipClass: '1',
      validUntil: '2026-12-31',
      segmentLabel: 'PEGAWAI SWASTA',
      statusLabel: 'AKTIF',
    });
  });

  it('maps any other status code as not active, with the reason from its label', () => {
    const m = vclaim({
      statusPeserta: { kode: '2', keterangan: 'TIDAK AKTIF PREMI' },
      jenisPeserta: { kode: '14', keterangan: 'PEKERJA MANDIRI' },
    });
    assert.equal(m.status, 'NONAKTIF');
    assert.equal(m.reason, 'TUNGGAKAN');
    assert.equal(m.segment, 'PBPU');
  });

  it('leaves a missing facility, class or end date empty', () => {
    const m = vclaim({ provUmum: null, hakKelas: null, tglTAT: null });
    assert.deepEqual([m.primaryFacility, m.membershipClass, m.validUntil], [null, null, null]);
  });

  it('rejects a payload without the status', () => {
    assert.throws(() => vclaimPesertaSchema.parse({ ...VCLAIM, statusPeserta: undefined }));
  });
});

describe('mapPcarePeserta', () => {
  it('maps an active member, with PCare dates turned to ISO', () => {
    const m = pcare({});
    assert.deepEqual(
      [m.segment, m.status, m.reason, m.primaryFacility, m.membershipClass, m.validUntil],
      ['PBI_APBD', 'AKTIF', null, '22010101', '3', '2026-12-31'],
    );
  });

  it('maps an inactive member; arrears mark an unpaid premium but are not taken as months', () => {
    const m = pcare({ aktif: false, ketAktif: 'TIDAK AKTIF', jnsPeserta: { kode: '14', nama: 'PEKERJA MANDIRI' }, tunggakan: 5 });
    assert.deepEqual([m.status, m.reason, m.arrearsMonths], ['NONAKTIF', 'TUNGGAKAN', null]);
    assert.equal(pcare({ aktif: false, ketAktif: 'TIDAK AKTIF', tunggakan: 0 }).reason, 'LAINNYA');
    assert.equal(pcare({ aktif: false, ketAktif: 'MENINGGAL', tunggakan: 3 }).reason, 'MENINGGAL');
  });
});
