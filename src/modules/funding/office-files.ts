/**
 * The files offices send (issue 14, "Files offices send"), for the approved and sent cases of a saved
 * plan, with each person's data from the current batches, as Excel:
 * - `bpjs`: the PBPU Pemda registration list (route PBPU_PEMDA) with the registration form's fields:
 *   NIK, family card number, name, date of birth, sex, desa/kecamatan, chosen FKTP, class III;
 * - `dinsos`: the PBI reactivation or proposal list (route USULAN_PBI): NIK, family card number, name,
 *   date of birth, address (desa, kecamatan), desil, reason, whether a facility letter is attached.
 * Full NIKs: these lists go to the office that registers the people.
 */
import ExcelJS from 'exceljs';
import type { Sql } from '../../db/client.ts';
import type { DistrictAreas } from '../area/index.ts';
import { currentBatches } from './candidate-repository.ts';

export const OFFICE_FILES = ['bpjs', 'dinsos'] as const;
export type OfficeFile = (typeof OFFICE_FILES)[number];

const ROUTES: Record<OfficeFile, string> = { bpjs: 'PBPU_PEMDA', dinsos: 'USULAN_PBI' };

interface PersonRow {
  nik: string;
  no_kk: string | null;
  nama: string | null;
  tanggal_lahir: string | null;
  jenis_kelamin: string | null;
  kode_desa: string | null;
  kode_fktp: string | null;
  alasan_nonaktif: string | null;
  desil: number | null;
  program: string;
  status: string;
}

export async function officeFile(db: Sql, district: DistrictAreas, planId: number, office: OfficeFile): Promise<{ body: Buffer; fileName: string; people: number }> {
  const batches = await currentBatches(db, district.district.code);
  const id = (n: number | null) => String(Math.trunc(n ?? -1));
  const rows = await db.query<PersonRow>(
    `SELECT c.nik, r.no_kk, r.nama, r.tanggal_lahir::text AS tanggal_lahir, r.jenis_kelamin, r.kode_desa, m.kode_fktp, m.alasan_nonaktif,
            w.desil::int AS desil, c.program, c.status
     FROM funding_case c
     LEFT JOIN resident r ON r.batch_id = ${id(batches.penduduk)} AND r.nik = c.nik
     LEFT JOIN member m ON m.batch_id = ${id(batches.peserta)} AND m.nik = c.nik
     LEFT JOIN welfare w ON w.batch_id = ${id(batches.dtsen)} AND w.nik = c.nik
     WHERE c.district_code = $1 AND c.plan_id = $2 AND c.route = $3 AND c.status IN ('approved', 'sent')
     ORDER BY c.nik`,
    [district.district.code, planId, ROUTES[office]],
  );
  const name = (code: string | null) => (code ? (district.byCode.get(code)?.name ?? code) : '');
  const kecamatanOf = (code: string | null) => (code ? code.split('.').slice(0, 3).join('.') : null);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SMART JKN';
  const sheet = workbook.addWorksheet(office === 'bpjs' ? 'Pendaftaran PBPU Pemda' : 'Usulan PBI');
  const header =
    office === 'bpjs'
      ? ['NIK', 'No. KK', 'Nama', 'Tanggal lahir', 'Jenis kelamin', 'Kode desa', 'Desa/Kelurahan', 'Kecamatan', 'FKTP pilihan', 'Kelas', 'Program', 'Status kasus']
      : ['NIK', 'No. KK', 'Nama', 'Tanggal lahir', 'Alamat (desa)', 'Kecamatan', 'Desil', 'Alasan', 'Surat keterangan faskes', 'Program', 'Status kasus'];
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) {
    sheet.addRow(
      office === 'bpjs'
        ? [r.nik, r.no_kk, r.nama, r.tanggal_lahir, r.jenis_kelamin, r.kode_desa, name(r.kode_desa), name(kecamatanOf(r.kode_desa)), r.kode_fktp ?? '', '3', r.program, r.status]
        : [r.nik, r.no_kk, r.nama, r.tanggal_lahir, name(r.kode_desa), name(kecamatanOf(r.kode_desa)), r.desil ?? '', r.alasan_nonaktif ?? 'TIDAK_TERDAFTAR', 'Tidak', r.program, r.status],
    );
  }
  // NIK and KK as text, so that Excel keeps all 16 digits.
  for (const column of [1, 2]) sheet.getColumn(column).numFmt = '@';
  sheet.columns.forEach((c) => (c.width = 18));
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return { body, fileName: `${office === 'bpjs' ? 'pendaftaran-pbpu-pemda' : 'usulan-pbi-dinsos'}-rencana-${planId}.xlsx`, people: rows.length };
}
