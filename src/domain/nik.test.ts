import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeNikBirthDate, maskNik, parseNik } from './nik.ts';

function reason(nik: string): string {
  const result = parseNik(nik);
  assert.equal(result.ok, false, `${nik} should be rejected`);
  return result.ok ? '' : result.reason;
}

describe('NIK parsing (formats.md, docs/rules.md §8.1)', () => {
  test('splits a man’s NIK into region, birth date and serial', () => {
    const result = parseNik('5203011705880003');
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      nik: '5203011705880003',
      provinceCode: '52',
      regencyCode: '5203',
      kecamatanCode: '520301',
      birthDay: 17,
      birthMonth: 5,
      birthYearTwoDigits: 88,
      sex: 'L',
      serial: '0003',
    });
  });

  test('a woman’s day is the birth day + 40: 41 is the 1st, 71 the 31st', () => {
    for (const [encoded, day] of [
      ['41', 1],
      ['57', 17],
      ['71', 31],
    ] as const) {
      const result = parseNik(`520301${encoded}0190 0001`.replace(' ', ''));
      assert.ok(result.ok, encoded);
      assert.equal(result.value.sex, 'P');
      assert.equal(result.value.birthDay, day);
    }
  });

  test('days 32–40 and 72+ belong to nobody', () => {
    for (const day of ['00', '32', '40', '72', '99']) assert.match(reason(`520301${day}0190 0001`.replace(' ', '')), /day/);
  });

  test('dates must exist: 31 April, 30 February, month 13, 29 February of a non-leap year', () => {
    assert.match(reason('5203013104900001'), /day/);
    assert.match(reason('5203017104900001'), /day/); // 31 April for a woman
    assert.match(reason('5203013002900001'), /day/);
    assert.match(reason('5203010113900001'), /month/);
    assert.match(reason('5203010100900001'), /month/);
    assert.match(reason('5203012902890001'), /leap/);
    assert.ok(parseNik('5203012902880001').ok, '29 February 1988');
    assert.ok(parseNik('5203016902000001').ok, '29 February 2000, a woman');
  });

  test('region codes: province 11–96, regency and kecamatan never 00', () => {
    assert.match(reason('1003010101900001'), /province/);
    assert.match(reason('9703010101900001'), /province/);
    assert.ok(parseNik('1101010101900001').ok);
    assert.ok(parseNik('9601010101900001').ok);
    assert.match(reason('5200010101900001'), /regency/);
    assert.match(reason('5203000101900001'), /kecamatan/);
  });

  test('exactly 16 digits, serial never 0000, surrounding spaces ignored', () => {
    assert.match(reason('520301010190001'), /16 digits/);
    assert.match(reason('52030101019000012'), /16 digits/);
    assert.match(reason('52030101019O0001'), /16 digits/);
    assert.match(reason('5203010101900000'), /serial/);
    assert.ok(parseNik(' 5203010101900001 ').ok);
  });

  test('encoding a birth date round-trips through parsing', () => {
    assert.equal(encodeNikBirthDate({ year: 1990, month: 1, day: 5 }, 'P'), '450190');
    assert.equal(encodeNikBirthDate({ year: 2007, month: 12, day: 31 }, 'L'), '311207');
    const parsed = parseNik(`520301${encodeNikBirthDate({ year: 2001, month: 6, day: 9 }, 'P')}0042`);
    assert.ok(parsed.ok);
    assert.deepEqual([parsed.value.birthDay, parsed.value.birthMonth, parsed.value.sex], [9, 6, 'P']);
  });

  test('masking keeps the region and the last two digits only', () => {
    assert.equal(maskNik('5203014101900042'), '520301********42');
    assert.equal(maskNik('123'), '***');
  });
});

describe('NIK reasons in both languages', () => {
  test('the code and parameters word the same reason in Indonesian', async () => {
    const { describeIssue } = await import('./row-issues.ts');
    const result = parseNik('5203017201900001');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.code, 'nik_day');
    assert.equal(describeIssue(result, 'id'), 'tanggal lahir pada NIK (72) tidak sah untuk bulan 1 (1–31, atau 41–71 untuk perempuan)');
    assert.equal(describeIssue(result, 'en'), result.reason);
    assert.equal(describeIssue({ code: 'retired_code', params: null, reason: 'kept' }, 'id'), 'kept');
  });
});
