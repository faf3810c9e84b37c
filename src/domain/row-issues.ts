/**
 * Why an import row (or a NIK) is rejected, as a code with parameters, worded in Bahasa Indonesia
 * for the offices and in English for the command line and logs.
 */

export type Language = 'id' | 'en';
export type IssueParams = Record<string, string | number>;

const MESSAGES = {
  nik_length: {
    en: (p: IssueParams) => `NIK must be exactly 16 digits (got ${p.length} characters)`,
    id: (p: IssueParams) => `NIK harus tepat 16 angka (terisi ${p.length} karakter)`,
  },
  nik_province: {
    en: (p: IssueParams) => `NIK province code ${p.code} is not between 11 and 96`,
    id: (p: IssueParams) => `kode provinsi NIK ${p.code} tidak di antara 11 dan 96`,
  },
  nik_regency: { en: () => 'NIK regency code 00 does not exist', id: () => 'kode kabupaten/kota NIK 00 tidak ada' },
  nik_kecamatan: { en: () => 'NIK kecamatan code 00 does not exist', id: () => 'kode kecamatan NIK 00 tidak ada' },
  nik_month: {
    en: (p: IssueParams) => `NIK birth month ${p.month} is not 01–12`,
    id: (p: IssueParams) => `bulan lahir pada NIK (${p.month}) bukan 01–12`,
  },
  nik_day: {
    en: (p: IssueParams) => `NIK birth day ${p.day} is not a valid day of month ${p.month} (1–31, or 41–71 for women)`,
    id: (p: IssueParams) => `tanggal lahir pada NIK (${p.day}) tidak sah untuk bulan ${p.month} (1–31, atau 41–71 untuk perempuan)`,
  },
  nik_leap: {
    en: (p: IssueParams) => `NIK birth date 29-02-${p.year} is not a leap year`,
    id: (p: IssueParams) => `tanggal lahir pada NIK 29-02-${p.year} bukan tahun kabisat`,
  },
  nik_serial: { en: () => 'NIK serial 0000 is not issued', id: () => 'nomor urut NIK 0000 tidak pernah diterbitkan' },
  nik_duplicate: {
    en: (p: IssueParams) => `NIK ${p.nik} appears more than once in the file (also line ${p.lines})`,
    id: (p: IssueParams) => `NIK ${p.nik} muncul lebih dari sekali dalam berkas (juga baris ${p.lines})`,
  },
  key_duplicate: {
    en: (p: IssueParams) => `${p.key} appears more than once in the file (also line ${p.lines})`,
    id: (p: IssueParams) => `${p.key} muncul lebih dari sekali dalam berkas (juga baris ${p.lines})`,
  },
  required: { en: () => 'required value is empty', id: () => 'wajib diisi, tetapi kosong' },
  not_one_of: {
    en: (p: IssueParams) => `"${p.value}" is not one of ${p.allowed}`,
    id: (p: IssueParams) => `"${p.value}" bukan salah satu dari ${p.allowed}`,
  },
  date_invalid: {
    en: (p: IssueParams) => `"${p.value}" is not a valid date YYYY-MM-DD`,
    id: (p: IssueParams) => `"${p.value}" bukan tanggal yang sah (YYYY-MM-DD)`,
  },
  date_future: { en: (p: IssueParams) => `${p.value} is in the future`, id: (p: IssueParams) => `${p.value} ada di masa depan` },
  digits: {
    en: (p: IssueParams) => `must be exactly ${p.length} digits`,
    id: (p: IssueParams) => `harus tepat ${p.length} angka`,
  },
  desa_format: {
    en: (p: IssueParams) => `"${p.value}" is not a desa code like 52.03.01.2001`,
    id: (p: IssueParams) => `"${p.value}" bukan kode desa seperti 52.03.01.2001`,
  },
  desa_outside: {
    en: (p: IssueParams) => `${p.code} is not a desa of ${p.district} (${p.districtCode}) in the area reference`,
    id: (p: IssueParams) => `${p.code} bukan desa/kelurahan di ${p.district} (${p.districtCode}) menurut data wilayah`,
  },
  whole_number: {
    en: (p: IssueParams) => `"${p.value}" is not a whole number ≥ 0`,
    id: (p: IssueParams) => `"${p.value}" bukan bilangan bulat ≥ 0`,
  },
  desil: { en: (p: IssueParams) => `"${p.value}" is not a desil 1–10`, id: (p: IssueParams) => `"${p.value}" bukan desil 1–10` },
  header_missing: {
    en: (p: IssueParams) => `required column "${p.column}" is missing from the header`,
    id: (p: IssueParams) => `kolom wajib "${p.column}" tidak ada di baris judul`,
  },
  file_empty: {
    en: () => 'the file is empty: a header line is required',
    id: () => 'berkas kosong: baris judul wajib ada',
  },
  no_rows: { en: () => 'the file has a header but no data rows', id: () => 'berkas punya baris judul tetapi tidak ada baris data' },
  // Facilities and visits (faskes, kunjungan; issue 15).
  text_too_long: {
    en: (p: IssueParams) => `longer than ${p.max} characters`,
    id: (p: IssueParams) => `lebih dari ${p.max} karakter`,
  },
  wilayah_invalid: {
    en: (p: IssueParams) => `"${p.value}" is neither a desa of ${p.district} (${p.districtCode}) nor the code of another kabupaten/kota such as 52.71`,
    id: (p: IssueParams) => `"${p.value}" bukan desa/kelurahan di ${p.district} (${p.districtCode}) dan bukan kode kabupaten/kota lain seperti 52.71`,
  },
  facility_unknown: {
    en: (p: IssueParams) => `"${p.value}" is not a kode of the current faskes import`,
    id: (p: IssueParams) => `"${p.value}" bukan kode faskes pada impor faskes yang berlaku`,
  },
  time_invalid: {
    en: (p: IssueParams) => `"${p.value}" is not a time HH:MM`,
    id: (p: IssueParams) => `"${p.value}" bukan jam yang sah (JJ:MM)`,
  },
  time_order: {
    en: (p: IssueParams) => `jam_layan ${p.layan} is before jam_daftar ${p.daftar}`,
    id: (p: IssueParams) => `jam_layan ${p.layan} lebih awal dari jam_daftar ${p.daftar}`,
  },
  required_when_referred: {
    en: () => 'required when rujuk is Y',
    id: () => 'wajib diisi bila rujuk = Y',
  },
  icd10_invalid: {
    en: (p: IssueParams) => `"${p.value}" is not an ICD-10 code such as J06.9`,
    id: (p: IssueParams) => `"${p.value}" bukan kode ICD-10 seperti J06.9`,
  },
} satisfies Record<string, Record<Language, (p: IssueParams) => string>>;

export type IssueCode = keyof typeof MESSAGES;

export interface Issue {
  code: IssueCode;
  params: IssueParams;
  /** The English wording, for the command line and logs. */
  reason: string;
}

export function issue(code: IssueCode, params: IssueParams = {}): Issue {
  return { code, params, reason: MESSAGES[code].en(params) };
}

/** The wording in a language; an unknown code (from an older version) keeps the stored reason. */
export function describeIssue(stored: { code: string | null; params: IssueParams | null; reason: string }, language: Language): string {
  const messages = stored.code ? (MESSAGES as Record<string, Record<Language, (p: IssueParams) => string>>)[stored.code] : undefined;
  return messages ? messages[language](stored.params ?? {}) : stored.reason;
}
