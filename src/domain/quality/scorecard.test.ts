import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NonSpecialistDiagnosis } from './diagnoses.ts';
import {
  compareVisitOrder,
  districtReferrals,
  facilityCard,
  inDistrict,
  inMonth,
  kbkProjection,
  median,
  minutesOfDay,
  scorecardReport,
  waitMinutes,
  type Facility,
  type Visit,
} from './scorecard.ts';

const PKM: Facility = { kode: 'P001', nama: 'Puskesmas Selong', jenis: 'PUSKESMAS', tingkat: 'FKTP', kodeWilayah: '52.03.01.2001' };
const KLINIK: Facility = { kode: 'K001', nama: 'Klinik Pratama Sehat', jenis: 'KLINIK', tingkat: 'FKTP', kodeWilayah: '5203022001' };
const RSUD: Facility = { kode: 'R001', nama: 'RSUD Selong', jenis: 'RS', tingkat: 'FKRTL', kodeWilayah: '52.03.01.2002' };
const RS_MATARAM: Facility = { kode: 'R900', nama: 'RSUD Provinsi NTB', jenis: 'RS', tingkat: 'FKRTL', kodeWilayah: '52.71' };
const PKM_ELSEWHERE: Facility = { kode: 'P900', nama: 'Puskesmas Ampenan', jenis: 'PUSKESMAS', tingkat: 'FKTP', kodeWilayah: '52.71.01.1001' };
const FACILITIES = [RSUD, PKM, RS_MATARAM, KLINIK, PKM_ELSEWHERE];
const MONTH = '2026-11';

let seq = 0;
function visit(over: Partial<Visit> = {}): Visit {
  seq++;
  return {
    id: `V${String(seq).padStart(5, '0')}`,
    kodeFaskes: 'P001',
    tanggal: '2026-11-10',
    nik: `520301010190${String(seq).padStart(4, '0')}`,
    jenisPasien: 'JKN',
    jamDaftar: null,
    jamLayan: null,
    diagnosa: null,
    rujuk: false,
    tujuanRujukan: null,
    prolanis: null,
    terkendali: null,
    ...over,
  };
}

function card(visits: Visit[], registered = 1000, complaints = 0) {
  return facilityCard({ facility: PKM, month: MONTH, visits, registered, complaints });
}

describe('helpers', () => {
  it('median: odd count, even count (mean of the two middle values), none', () => {
    assert.equal(median([30, 10, 20]), 20);
    assert.equal(median([40, 10, 30, 20]), 25);
    assert.equal(median([15, 10]), 12.5);
    assert.equal(median([7]), 7);
    assert.equal(median([]), null);
  });

  it('minutesOfDay reads HH:MM and HH:MM:SS; waitMinutes needs both times', () => {
    assert.equal(minutesOfDay('00:00'), 0);
    assert.equal(minutesOfDay('08:05'), 485);
    assert.equal(minutesOfDay('08:05:30'), 485.5);
    assert.throws(() => minutesOfDay('8:05'), /HH:MM/);
    assert.throws(() => minutesOfDay('24:00'), /HH:MM/);
    assert.equal(waitMinutes({ jamDaftar: '07:50', jamLayan: '09:05' }), 75);
    assert.equal(waitMinutes({ jamDaftar: '07:50', jamLayan: null }), null);
    assert.equal(waitMinutes({ jamDaftar: null, jamLayan: '09:05' }), null);
  });

  it('inMonth and inDistrict', () => {
    assert.equal(inMonth('2026-11-30', '2026-11'), true);
    assert.equal(inMonth('2026-12-01', '2026-11'), false);
    assert.equal(inDistrict('52.03.01.2001', '52.03'), true);
    assert.equal(inDistrict('5203012001', '52.03'), true);
    assert.equal(inDistrict('52.03', '5203'), true);
    assert.equal(inDistrict('52.71', '52.03'), false);
    assert.equal(inDistrict('52.30.01.2001', '52.03'), false);
  });

  it('compareVisitOrder: date, then jam_daftar (none first), then id', () => {
    const a = { tanggal: '2026-11-10', jamDaftar: '08:00', id: 'B' };
    assert.ok(compareVisitOrder(a, { ...a, tanggal: '2026-11-11', jamDaftar: '07:00' }) < 0);
    assert.ok(compareVisitOrder(a, { ...a, jamDaftar: '09:00', id: 'A' }) < 0);
    assert.ok(compareVisitOrder(a, { ...a, jamDaftar: null }) > 0);
    assert.ok(compareVisitOrder(a, { ...a, id: 'C' }) < 0);
    assert.ok(compareVisitOrder(a, { ...a, id: 'A' }) > 0);
    assert.equal(compareVisitOrder(a, { ...a }), 0);
  });
});

describe('facilityCard', () => {
  it('angkaKontak: distinct NIKs with a JKN visit × 1000 / registered; at the target of 150', () => {
    const visits: Visit[] = [];
    for (let i = 0; i < 150; i++) visits.push(visit({ nik: `52030101019${String(i).padStart(5, '0')}` }));
    visits.push(visit({ nik: '5203010101900000' })); // the same NIK as the first: counted once
    visits.push(visit({ jenisPasien: 'UMUM' })); // not a JKN contact
    visits.push(visit({ tanggal: '2026-10-31' })); // another month
    visits.push(visit({ kodeFaskes: 'K001' })); // another facility
    const c = card(visits, 1000);
    assert.equal(c.contacts, 150);
    assert.equal(c.angkaKontak, 150);
    assert.equal(c.kbk.ak, true);
    assert.equal(c.visitsJkn, 151);
    assert.equal(c.visitsUmum, 1);
    const below = card(visits.filter((v) => v.nik !== '5203010101900000'), 1000);
    assert.equal(below.angkaKontak, 149);
    assert.equal(below.kbk.ak, false);
  });

  it('angkaKontak is null (and kbk.ak null) with no registered participant', () => {
    const c = card([visit()], 0);
    assert.equal(c.angkaKontak, null);
    assert.equal(c.kbk.ak, null);
  });

  it('rrns: JKN referrals with a non-specialist diagnosis × 100 / referrals; at the target of 2', () => {
    const visits: Visit[] = [];
    for (let i = 0; i < 98; i++) visits.push(visit({ rujuk: true, tujuanRujukan: 'R001', diagnosa: 'I21.9' }));
    visits.push(visit({ rujuk: true, tujuanRujukan: 'R001', diagnosa: 'J00' }));
    visits.push(visit({ rujuk: true, tujuanRujukan: 'R001', diagnosa: ' j02.9 ' }));
    visits.push(visit({ rujuk: false, diagnosa: 'J00' })); // not referred
    visits.push(visit({ rujuk: true, jenisPasien: 'UMUM', diagnosa: 'J00', tujuanRujukan: 'R001' })); // not JKN
    const c = card(visits);
    assert.equal(c.referrals, 100);
    assert.equal(c.nonSpecialistReferrals, 2);
    assert.equal(c.rrns, 2);
    assert.equal(c.kbk.rrns, true);
    visits.push(visit({ rujuk: true, tujuanRujukan: 'R001', diagnosa: 'E11.9' }));
    const over = card(visits);
    assert.equal(over.referrals, 101);
    assert.equal(over.nonSpecialistReferrals, 3);
    assert.equal(over.rrns, 300 / 101);
    assert.equal(over.kbk.rrns, false);
  });

  it('rrns: a referral without a diagnosis is not non-specialist; no referral → null', () => {
    const c = card([visit({ rujuk: true, tujuanRujukan: 'R001', diagnosa: null })]);
    assert.equal(c.rrns, 0);
    assert.equal(card([visit()]).rrns, null);
    assert.equal(card([visit()]).kbk.rrns, null);
  });

  it('rrns follows the list passed in', () => {
    const list: NonSpecialistDiagnosis[] = [{ number: 1, name: 'ISPA', codes: ['J06'], nameSource: 'I', codeSource: 'I' }];
    const visits = [visit({ rujuk: true, tujuanRujukan: 'R001', diagnosa: 'J06.9' }), visit({ rujuk: true, tujuanRujukan: 'R001', diagnosa: 'J00' })];
    assert.equal(card(visits).nonSpecialistReferrals, 1); // J00 on the default list
    const custom = facilityCard({ facility: PKM, month: MONTH, visits, registered: 10, complaints: 0, nonSpecialist: list });
    assert.equal(custom.nonSpecialistReferrals, 1);
    assert.equal(custom.rrns, 50);
  });

  it('rppt: the latest prolanis visit in the month decides, by date, then jam_daftar, then id', () => {
    const visits = [
      // A: controlled early in the month, not controlled later → not controlled
      visit({ nik: '5203010101800001', prolanis: 'HT', terkendali: true, tanggal: '2026-11-02' }),
      visit({ nik: '5203010101800001', prolanis: 'HT', terkendali: false, tanggal: '2026-11-20' }),
      // B: same date, the later jam_daftar is controlled → controlled
      visit({ nik: '5203010101800002', prolanis: 'DM', terkendali: false, tanggal: '2026-11-05', jamDaftar: '08:00' }),
      visit({ nik: '5203010101800002', prolanis: 'DM', terkendali: true, tanggal: '2026-11-05', jamDaftar: '10:30' }),
      // C: same date, one without jam_daftar (earlier) → the one with 07:00 decides: controlled
      visit({ nik: '5203010101800003', prolanis: 'DM', terkendali: true, tanggal: '2026-11-06', jamDaftar: '07:00' }),
      visit({ nik: '5203010101800003', prolanis: 'DM', terkendali: false, tanggal: '2026-11-06', jamDaftar: null }),
      // D: same date and time, the greater id decides: not controlled
      visit({ id: 'Z2', nik: '5203010101800004', prolanis: 'HT', terkendali: false, tanggal: '2026-11-07', jamDaftar: '09:00' }),
      visit({ id: 'Z1', nik: '5203010101800004', prolanis: 'HT', terkendali: true, tanggal: '2026-11-07', jamDaftar: '09:00' }),
      // E: a later visit without prolanis does not count; terkendali missing = not controlled
      visit({ nik: '5203010101800005', prolanis: 'HT', terkendali: null, tanggal: '2026-11-03' }),
      visit({ nik: '5203010101800005', tanggal: '2026-11-25' }),
      // not counted: a UMUM prolanis visit, and one in another month
      visit({ nik: '5203010101800006', prolanis: 'HT', terkendali: true, jenisPasien: 'UMUM' }),
      visit({ nik: '5203010101800007', prolanis: 'HT', terkendali: true, tanggal: '2026-12-01' }),
    ];
    const c = card(visits);
    assert.equal(c.prolanis, 5);
    assert.equal(c.prolanisControlled, 2);
    assert.equal(c.rppt, 40);
    assert.equal(c.kbk.rppt, true);
  });

  it('rppt at the target of 5 % and null without a Prolanis participant', () => {
    const visits: Visit[] = [];
    for (let i = 0; i < 20; i++) visits.push(visit({ prolanis: 'DM', terkendali: i === 0 }));
    assert.equal(card(visits).rppt, 5);
    assert.equal(card(visits).kbk.rppt, true);
    visits.push(visit({ prolanis: 'DM', terkendali: false }));
    assert.equal(card(visits).rppt, 100 / 21);
    assert.equal(card(visits).kbk.rppt, false);
    assert.equal(card([visit()]).rppt, null);
    assert.equal(card([visit()]).kbk.rppt, null);
  });

  it('median waits for JKN and UMUM separately (odd and even counts) and their gap', () => {
    const visits = [
      visit({ jamDaftar: '08:00', jamLayan: '08:30' }), // 30
      visit({ jamDaftar: '08:00', jamLayan: '09:30' }), // 90
      visit({ jamDaftar: '08:00', jamLayan: '08:50' }), // 50
      visit({ jamDaftar: '08:00', jamLayan: null }), // no service time: left out
      visit({ jenisPasien: 'UMUM', jamDaftar: '08:00', jamLayan: '08:10' }), // 10
      visit({ jenisPasien: 'UMUM', jamDaftar: '08:00', jamLayan: '08:25' }), // 25
    ];
    const c = card(visits);
    assert.equal(c.waitJknMinutes, 50);
    assert.equal(c.waitUmumMinutes, 17.5);
    assert.equal(c.waitGapMinutes, 32.5);
    const noUmumTimes = card([visit({ jamDaftar: '08:00', jamLayan: '08:30' }), visit({ jenisPasien: 'UMUM' })]);
    assert.equal(noUmumTimes.waitJknMinutes, 30);
    assert.equal(noUmumTimes.waitUmumMinutes, null);
    assert.equal(noUmumTimes.waitGapMinutes, null);
  });

  it('complaints per 10,000 visits, null without a visit', () => {
    const visits = [visit(), visit(), visit({ jenisPasien: 'UMUM' }), visit({ jenisPasien: 'UMUM' })];
    assert.equal(card(visits, 1000, 3).complaintsPer10kVisits, 7500);
    assert.equal(card([], 1000, 3).complaintsPer10kVisits, null);
    assert.equal(card([], 1000, 3).complaints, 3);
  });

  it('an empty month: zeros and nulls, with the contract keys in order', () => {
    const c = card([], 1000);
    assert.deepEqual(Object.keys(c), [
      'kode', 'nama', 'jenis', 'registered', 'contacts', 'angkaKontak',
      'referrals', 'nonSpecialistReferrals', 'rrns', 'prolanis', 'prolanisControlled', 'rppt',
      'visitsJkn', 'visitsUmum', 'waitJknMinutes', 'waitUmumMinutes', 'waitGapMinutes',
      'complaints', 'complaintsPer10kVisits', 'kbk',
    ]);
    assert.equal(c.angkaKontak, 0);
    assert.deepEqual(c.kbk, { ak: false, rrns: null, rppt: null });
  });

  it('refuses a bad month or count', () => {
    assert.throws(() => facilityCard({ facility: PKM, month: '2026-13', visits: [], registered: 0, complaints: 0 }), /month/);
    assert.throws(() => facilityCard({ facility: PKM, month: MONTH, visits: [], registered: -1, complaints: 0 }), /registered/);
  });
});

describe('districtReferrals and scorecardReport', () => {
  const visits = [
    visit({ kodeFaskes: 'P001', rujuk: true, tujuanRujukan: 'R001' }), // inside
    visit({ kodeFaskes: 'P001', rujuk: true, tujuanRujukan: 'R900' }), // out (Mataram)
    visit({ kodeFaskes: 'K001', rujuk: true, tujuanRujukan: 'R900' }), // out
    visit({ kodeFaskes: 'K001', rujuk: true, tujuanRujukan: 'R001', jenisPasien: 'UMUM' }), // not JKN
    visit({ kodeFaskes: 'R001', rujuk: true, tujuanRujukan: 'R900' }), // from a hospital, not an FKTP
    visit({ kodeFaskes: 'P900', rujuk: true, tujuanRujukan: 'R900' }), // an FKTP of another district
    visit({ kodeFaskes: 'P001', rujuk: true, tujuanRujukan: 'R900', tanggal: '2026-12-02' }), // another month
  ];

  it('counts the JKN referrals of the district FKTP and those leaving the district', () => {
    assert.deepEqual(districtReferrals(visits, FACILITIES, '52.03', MONTH), { referrals: 3, referralsOut: 2, referralsOutShare: 2 / 3 });
    assert.deepEqual(districtReferrals([], FACILITIES, '52.03', MONTH), { referrals: 0, referralsOut: 0, referralsOutShare: null });
  });

  it('one row per FKTP of the district, ordered by kode, with the district line', () => {
    const report = scorecardReport({
      month: MONTH,
      districtCode: '52.03',
      facilities: FACILITIES,
      visits,
      registered: new Map([['P001', 2000]]),
      complaints: new Map([['K001', 1]]),
    });
    assert.equal(report.month, MONTH);
    assert.deepEqual(report.rows.map((r) => r.kode), ['K001', 'P001']);
    const [k, p] = report.rows;
    assert.equal(k.registered, 0);
    assert.equal(k.angkaKontak, null);
    assert.equal(k.complaints, 1);
    assert.equal(k.complaintsPer10kVisits, 5000);
    assert.equal(p.registered, 2000);
    assert.equal(p.contacts, 2);
    assert.equal(p.angkaKontak, 1);
    assert.equal(p.referrals, 2);
    assert.equal(report.district.referralsOut, 2);
  });
});

describe('kbkProjection', () => {
  it('rates a CARD, scores it and projects the capitation share by facility type', () => {
    assert.deepEqual(kbkProjection({ jenis: 'PUSKESMAS', angkaKontak: 150, rrns: 2.5, rppt: null }), {
      ratings: { ak: 4, rrns: 3, rppt: 1 },
      score: 3.2,
      capitationShare: 95,
    });
    assert.equal(kbkProjection({ jenis: 'KLINIK', angkaKontak: 150, rrns: 2.5, rppt: null }).capitationShare, 97);
    assert.equal(kbkProjection({ jenis: 'RS', angkaKontak: 150, rrns: 2.5, rppt: null }).capitationShare, null);
    const empty = facilityCard({ facility: PKM, month: MONTH, visits: [], registered: 0, complaints: 0 });
    assert.deepEqual(kbkProjection(empty), { ratings: { ak: 1, rrns: 4, rppt: 1 }, score: 2.5, capitationShare: 90 });
  });
});
