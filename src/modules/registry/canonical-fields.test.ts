import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNik } from '../../domain/nik.ts';
import * as canonicalField from './canonical-fields.ts';
import { type FieldCheck, FieldAt } from './canonical-fields.ts';
import { isValidDate, type RowContext, type RowIssue, SOURCE_SPECS, type Source } from './sources.ts';

const check = (fieldCheck: FieldCheck, text: string | Buffer) => {
  // Padded on both sides, so a check that reads outside [start, end) would be caught.
  const inner = typeof text === 'string' ? Buffer.from(text) : text;
  const bytes = Buffer.concat([Buffer.from('9,'), inner, Buffer.from(',9')]);
  return fieldCheck(bytes, 2, 2 + inner.length);
};

describe('canonical NIK check', () => {
  test('agrees with parseNik on every birth date DDMMYY', () => {
    let accepted = 0;
    for (let dd = 0; dd < 100; dd++) {
      for (let mm = 0; mm < 100; mm++) {
        for (const yy of ['00', '01', '04', '23', '96', '99']) {
          const nik = `520301${String(dd).padStart(2, '0')}${String(mm).padStart(2, '0')}${yy}0001`;
          const expected = parseNik(nik).ok;
          assert.equal(check(canonicalField.nik, nik), expected, nik);
          if (expected) accepted++;
        }
      }
    }
    assert.ok(accepted > 2000, 'men and women, every month');
  });

  test('agrees with parseNik on region codes, serials and shapes', () => {
    const cases: string[] = [];
    for (let p = 0; p < 100; p++) cases.push(`${String(p).padStart(2, '0')}0301010190 0001`.replace(' ', ''));
    cases.push('5200010101900001', '5203000101900001', '5203010101900000', '5203010101909999');
    cases.push('520301010190001', '52030101019000011', '520301010190000a', ' 5203010101900001', '5203010101900001 ', '');
    cases.push('5203010101900001'.replace('0', '٠')); // an Arabic-Indic digit is not a digit here
    for (const nik of cases) assert.equal(check(canonicalField.nik, nik), parseNik(nik).ok && nik.trim() === nik, JSON.stringify(nik));
  });
});

describe('canonical date check', () => {
  test('agrees with isValidDate on every day of months 00–13 around leap and century years', () => {
    const years = ['0000', '0099', '0100', '1896', '1900', '1999', '2000', '2023', '2024', '2100', '9999'];
    for (const year of years) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          assert.equal(check(canonicalField.date(), text), isValidDate(text), text);
        }
      }
    }
  });

  test('refuses other shapes and dates after the limit, including after a date it accepted', () => {
    const notAfter = canonicalField.date('2025-05-31');
    for (const text of ['2025-5-31', '2025/05/31', '20250531', ' 2025-05-31', '2025-05-31 ', '2025-05-3a']) {
      assert.equal(check(notAfter, text), false, text);
    }
    assert.equal(check(notAfter, '2025-05-31'), true);
    assert.equal(check(notAfter, '2025-05-31'), true, 'the same date again (remembered)');
    assert.equal(check(notAfter, '2025-06-01'), false);
    assert.equal(check(notAfter, '2026-01-01'), false);
    assert.equal(check(notAfter, '1999-12-31'), true);
  });
});

test('digits, whole numbers and value lists accept exactly what is written canonically', () => {
  assert.equal(check(canonicalField.digits(13), '0000010000001'), true);
  for (const text of ['000001000000', '00000100000011', '000001000000a', ' 000001000000', '']) {
    assert.equal(check(canonicalField.digits(13), text), false, text);
  }
  for (const text of ['0', '12', '9999', '0012']) assert.equal(check(canonicalField.wholeNumber(4), text), true, text);
  for (const text of ['', '10000', '-1', '+1', '1.5', ' 1']) assert.equal(check(canonicalField.wholeNumber(4), text), false, text);
  const segments = canonicalField.oneOf(['PBI_APBN', 'PBPU', 'BP']);
  for (const text of ['PBI_APBN', 'PBPU', 'BP']) assert.equal(check(segments, text), true, text);
  for (const text of ['pbpu', 'PBP', 'PBPUX', ' BP', 'BP ', '']) assert.equal(check(segments, text), false, text);
  const desa = canonicalField.memberOf(new Set(['52.03.01.2001']));
  assert.equal(check(desa, '52.03.01.2001'), true);
  assert.equal(check(desa, '5203012001'), false, 'the undotted form is normalised by the row rules');
});

test('text is canonical only when trim() would keep it whole and it is clean UTF-8', () => {
  for (const text of ['Contoh', 'Siti Aisyah (Contoh)', 'Ni Luh Putu Ayu', 'Gülçin', 'A']) {
    assert.equal(check(canonicalField.text, text), true, text);
  }
  // Stricter than trim(): a letter beyond ASCII at either end is left to the row rules.
  assert.equal(check(canonicalField.text, 'Ölçer'), false);
  for (const text of [' Contoh', 'Contoh ', '\tContoh', 'Con\ttoh', 'Contoh\r', '\u00a0Contoh', 'Contoh\u3000', 'Con\u007ftoh', '']) {
    assert.equal(check(canonicalField.text, text), false, JSON.stringify(text));
  }
  assert.equal(check(canonicalField.text, Buffer.from([0x41, 0xc3, 0x28, 0x42])), false, 'invalid UTF-8');
});

/**
 * Row level, for every source: a row the canonical rule accepts is one `parse` accepts, storing each
 * field as written (or, for an empty field, what the rule gives COPY). Each column of a canonical row
 * is replaced in turn by variants, canonical or not.
 */
describe('a field of a plain record', () => {
  const bytes = Buffer.from('AKTIF,,AKTIFX');
  const record = { bytes, line: 2, starts: Int32Array.from([0, 6, 7]), ends: Int32Array.from([5, 6, 13]) };

  test('is empty when its bytes are, or when its column is absent from the header', () => {
    assert.deepEqual([0, 1, 2, -1].map((p) => new FieldAt(p).isEmpty(record)), [false, true, false, true]);
  });

  test('is a value only byte for byte over its whole length; an absent column is only the empty value', () => {
    assert.equal(new FieldAt(0).is(record, 'AKTIF'), true);
    assert.equal(new FieldAt(2).is(record, 'AKTIF'), false);
    assert.equal(new FieldAt(0).is(record, 'AKTIV'), false);
    assert.equal(new FieldAt(1).is(record, ''), true);
    assert.equal(new FieldAt(-1).is(record, ''), true);
    assert.equal(new FieldAt(-1).is(record, 'AKTIF'), false);
  });
});

describe('canonical rows are rows the row rules accept as written', () => {
  const context: RowContext = {
    desaCodes: new Set(['52.03.01.2001', '52.03.02.2001']),
    districtCode: '52.03',
    districtName: 'Lombok Timur',
    today: '2025-06-30',
  };
  const base: Record<Source, Record<string, string>> = {
    penduduk: {
      nik: '5203014101900001',
      no_kk: '5203010101000001',
      nama: 'Baiq Contoh',
      jenis_kelamin: 'P',
      tanggal_lahir: '1990-01-01',
      kode_desa: '52.03.01.2001',
      status: 'HIDUP',
    },
    peserta: {
      nik: '5203010101900001',
      no_kartu: '0000010000001',
      segmen: 'PBPU',
      kelas: '3',
      status: 'NONAKTIF',
      alasan_nonaktif: 'TUNGGAKAN',
      bulan_tunggakan: '4',
      kode_fktp: '52030101',
      data_per: '2025-05-31',
    },
    dtsen: { nik: '5203010101900001', desil: '10', miskin_ekstrem: 'Y' },
    prioritas: { nik: '5203010101900001', kategori: 'KRONIS', sampai: '2027-01-31' },
  };
  const variants: Record<string, string[]> = {
    nik: ['5203010101900001', '5203017101900001', '5203013201900001', '520301010190001', ' 5203010101900001'],
    no_kk: ['5203010101000001', '52030101010000AB', ''],
    nama: ['Contoh', ' Contoh', ''],
    jenis_kelamin: ['L', 'P', 'p', 'X', ''],
    tanggal_lahir: ['1990-01-01', '2999-01-01', '1990-02-30', ''],
    kode_desa: ['52.03.02.2001', '5203012001', '52.01.01.2001', ''],
    status: ['HIDUP', 'MENINGGAL', 'PINDAH', 'AKTIF', 'NONAKTIF', 'aktif', ''],
    no_kartu: ['0000010000001', '000001000000', ''],
    segmen: ['PBI_APBD', 'PPU_BU', 'pbpu', 'PBI', ''],
    kelas: ['1', '3', '4', ''],
    alasan_nonaktif: ['TUNGGAKAN', 'DATA_GANDA', 'tunggakan', 'MALAS', ''],
    bulan_tunggakan: ['0', '0012', '-2', '12345', ''],
    kode_fktp: ['0101U001', ' 0101U001', ''],
    data_per: ['2025-05-31', '2025-07-01', ''],
    desil: ['1', '10', '0', '11', ''],
    miskin_ekstrem: ['Y', 'N', 'y', 'YA', ''],
    kategori: ['KRONIS', 'HAMIL', 'DISABILITAS', 'hamil', 'LANSIA', ''],
    sampai: ['2027-01-31', '2020-02-29', '2021-02-29', ''],
  };

  for (const source of Object.keys(base) as Source[]) {
    test(source, () => {
      const spec = SOURCE_SPECS[source];
      const rows: Record<string, string>[] = [];
      for (const column of spec.dbColumns) {
        for (const value of variants[column]) rows.push({ ...base[source], [column]: value });
        // Two columns changed at once, for the rules between fields (status and reason).
        for (const other of spec.dbColumns) {
          if (other !== column) for (const value of variants[other]) rows.push({ ...base[source], [column]: variants[column].at(-1)!, [other]: value });
        }
      }
      let canonicalRows = 0;
      for (const row of rows) {
        const header = spec.dbColumns;
        const line = Buffer.from(header.map((c) => row[c]).join(','));
        const starts = new Int32Array(header.length);
        const ends = new Int32Array(header.length);
        let at = 0;
        header.forEach((c, i) => {
          starts[i] = at;
          ends[i] = at + Buffer.byteLength(row[c]);
          at = ends[i] + 1;
        });
        const rule = spec.canonical(context);
        const columnAccepts = header.every((c, i) => {
          const { check: fieldCheck, whenEmpty } = rule.columns[c];
          return starts[i] === ends[i] ? whenEmpty !== undefined : fieldCheck(line, starts[i], ends[i]);
        });
        const accepted =
          columnAccepts &&
          (rule.row?.((c) => new FieldAt(header.indexOf(c)))({ bytes: line, line: 2, starts, ends }) ?? true);
        if (!accepted) continue;
        canonicalRows++;
        const issues: RowIssue[] = [];
        const values = spec.parse((name) => (row[name] ?? '').trim(), context, issues);
        assert.deepEqual(issues, [], `parse accepts ${JSON.stringify(row)}`);
        header.forEach((c, i) => {
          const written = row[c] === '' ? rule.columns[c].whenEmpty! : row[c];
          const stored = values[i];
          // What COPY makes of the written text, in the column's type.
          const copied =
            written === '' ? null : typeof stored === 'number' ? Number(written) : typeof stored === 'boolean' ? written === 'Y' : written;
          assert.deepEqual(stored, copied, `${c} of ${JSON.stringify(row)}`);
        });
      }
      assert.ok(canonicalRows > 10, `${canonicalRows} canonical rows among ${rows.length}`);
    });
  }
});
