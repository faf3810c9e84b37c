/** Small hand-made import files for integration tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smart-jkn-files-'));
let fileCounter = 0;

export function csvFile(lines: string[], name = 'file.csv'): string {
  const file = path.join(dir, `${fileCounter++}-${name}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A valid NIK: kecamatan 52.03.01, born 1 Jan 1990 (+40 on the day for women), serial n. */
export function nik(n: number, sex: 'L' | 'P' = 'L'): string {
  return `520301${sex === 'P' ? '41' : '01'}0190${String(n).padStart(4, '0')}`;
}

export const PENDUDUK_HEADER = 'nik,no_kk,nama,jenis_kelamin,tanggal_lahir,kode_desa,status';
export const PESERTA_HEADER = 'nik,no_kartu,segmen,kelas,status,alasan_nonaktif,bulan_tunggakan,kode_fktp,data_per';
export const DTSEN_HEADER = 'nik,desil,miskin_ekstrem';

export function pendudukRow(n: number, desa = '52.03.01.2001', status = 'HIDUP'): string {
  return `${nik(n)},5203010101000001,Contoh ${n},L,1990-01-01,${desa},${status}`;
}

export function pesertaRow(n: number, opts: { segmen?: string; status?: string; alasan?: string; dataPer?: string } = {}): string {
  const status = opts.status ?? 'AKTIF';
  const alasan = opts.alasan ?? (status === 'NONAKTIF' ? 'TUNGGAKAN' : '');
  return `${nik(n)},${String(n).padStart(13, '0')},${opts.segmen ?? 'PBI_APBN'},3,${status},${alasan},,,${opts.dataPer ?? '2025-05-31'}`;
}
