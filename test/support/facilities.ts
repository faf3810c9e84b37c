/** Random facilities, visits and members for the scorecard tests (deterministic per seed). */
import type { Facility, Visit } from '../../src/domain/quality/scorecard.ts';

export const FASKES_HEADER = 'kode,nama,jenis,tingkat,kode_wilayah';
export const KUNJUNGAN_HEADER = 'id,kode_faskes,tanggal,nik,jenis_pasien,jam_daftar,jam_layan,diagnosa,rujuk,tujuan_rujukan,prolanis,terkendali';

export function faskesLine(f: Facility): string {
  return [f.kode, f.nama, f.jenis, f.tingkat, f.kodeWilayah].join(',');
}

export function kunjunganLine(v: Visit): string {
  const yn = (b: boolean | null) => (b === null ? '' : b ? 'Y' : 'N');
  return [v.id, v.kodeFaskes, v.tanggal, v.nik, v.jenisPasien, v.jamDaftar ?? '', v.jamLayan ?? '', v.diagnosa ?? '', v.rujuk ? 'Y' : 'N', v.tujuanRujukan ?? '', v.prolanis ?? '', yn(v.terkendali)].join(',');
}

/** mulberry32 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid NIK of kecamatan 52.03.01, serial n (1–9999). */
export function testNik(n: number): string {
  return `520301${String(1 + (n % 28)).padStart(2, '0')}0190${String(n).padStart(4, '0')}`;
}

/** peserta lines: for each facility, that many AKTIF members, and one NONAKTIF that must not count. */
export function pesertaLines(registered: ReadonlyMap<string, number>, dataPer = '2026-03-31'): string[] {
  const lines = ['nik,no_kartu,segmen,kelas,status,alasan_nonaktif,bulan_tunggakan,kode_fktp,data_per'];
  let n = 5000;
  for (const [kode, count] of registered) {
    for (let i = 0; i <= count; i++) {
      n++;
      const active = i < count;
      lines.push(`${testNik(n)},${String(n).padStart(13, '0')},PBI_APBN,3,${active ? 'AKTIF' : 'NONAKTIF'},${active ? '' : 'TUNGGAKAN'},,${kode},${dataPer}`);
    }
  }
  return lines;
}

const DIAGNOSES = ['J00', 'J00.1', 'J06.9', 'I10', 'K30', 'E11.9', 'A09', 'J02.9', 'H10.3', 'H10', 'S06.0', 'C50.9', 'I21.9', null];

export interface RandomData {
  facilities: Facility[];
  visits: Visit[];
  registered: Map<string, number>;
}

/** Facilities in (desa codes given) and outside the district, and visits over two months. */
export function randomData(seed: number, desa: readonly string[], opts: { visits?: number; months?: string[] } = {}): RandomData {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const facilities: Facility[] = [
    { kode: 'P001', nama: 'Puskesmas Satu', jenis: 'PUSKESMAS', tingkat: 'FKTP', kodeWilayah: desa[0]! },
    { kode: 'P002', nama: 'Puskesmas Dua', jenis: 'PUSKESMAS', tingkat: 'FKTP', kodeWilayah: desa[1 % desa.length]! },
    { kode: 'K001', nama: 'Klinik Satu', jenis: 'KLINIK', tingkat: 'FKTP', kodeWilayah: desa[2 % desa.length]! },
    { kode: 'D001', nama: 'dr. Praktik', jenis: 'DOKTER', tingkat: 'FKTP', kodeWilayah: desa[3 % desa.length]! },
    { kode: 'P003', nama: 'Puskesmas Tiga (tanpa kunjungan)', jenis: 'PUSKESMAS', tingkat: 'FKTP', kodeWilayah: desa[0]! },
    { kode: 'RS01', nama: 'RSUD Dalam', jenis: 'RS', tingkat: 'FKRTL', kodeWilayah: desa[0]! },
    { kode: 'RS02', nama: 'RS Luar', jenis: 'RS', tingkat: 'FKRTL', kodeWilayah: '52.71' },
    { kode: 'X001', nama: 'Puskesmas Luar', jenis: 'PUSKESMAS', tingkat: 'FKTP', kodeWilayah: '52.01' },
  ];
  const visiting = ['P001', 'P002', 'K001', 'D001', 'X001'];
  const months = opts.months ?? ['2026-03', '2026-04'];
  const visits: Visit[] = [];
  const n = opts.visits ?? 600;
  for (let i = 0; i < n; i++) {
    const kodeFaskes = pick(visiting);
    const month = pick(months);
    const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
    const jenisPasien = r() < 0.8 ? 'JKN' : 'UMUM';
    const hasTimes = r() < 0.85;
    const daftar = 7 * 60 + Math.floor(r() * 300);
    const wait = Math.floor(r() * (jenisPasien === 'JKN' ? 90 : 40));
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const rujuk = r() < 0.15;
    const prolanis = r() < 0.2 ? pick(['DM', 'HT'] as const) : null;
    visits.push({
      id: `V${seed}-${i}`,
      kodeFaskes,
      tanggal: `${month}-${day}`,
      nik: testNik(1 + Math.floor(r() * 120)),
      jenisPasien,
      jamDaftar: hasTimes ? hhmm(daftar) : r() < 0.5 ? hhmm(daftar) : null,
      jamLayan: hasTimes ? hhmm(daftar + wait) : null,
      diagnosa: pick(DIAGNOSES),
      rujuk,
      tujuanRujukan: rujuk ? pick(['RS01', 'RS02', 'P001']) : null,
      prolanis,
      terkendali: prolanis ? (r() < 0.3 ? null : r() < 0.5) : r() < 0.05 ? true : null,
    });
  }
  const registered = new Map([
    ['P001', 40],
    ['P002', 25],
    ['K001', 10],
    ['P003', 5],
  ]);
  return { facilities, visits, registered };
}
