import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NON_SPECIALIST_DIAGNOSES,
  compileNonSpecialist,
  diagnosisListProblems,
  isNonSpecialist,
  type NonSpecialistDiagnosis,
} from './diagnoses.ts';

describe('NON_SPECIALIST_DIAGNOSES', () => {
  it('numbers 1 to 144, each once, in order', () => {
    assert.deepEqual(
      NON_SPECIALIST_DIAGNOSES.map((d) => d.number),
      Array.from({ length: 144 }, (_, i) => i + 1),
    );
  });

  it('is a sound list', () => {
    assert.deepEqual(diagnosisListProblems(NON_SPECIALIST_DIAGNOSES), []);
  });

  it('marks provenance as docs/rules.md does: 1–42 S/S, 43–73 S/I, 74–144 I/I', () => {
    for (const d of NON_SPECIALIST_DIAGNOSES) {
      const expected = d.number <= 42 ? ['S', 'S'] : d.number <= 73 ? ['S', 'I'] : ['I', 'I'];
      assert.deepEqual([d.nameSource, d.codeSource], expected, `item ${d.number}`);
    }
  });

  it('spells out ranges and double codes, and keeps the "sic" codes as listed', () => {
    const byNumber = (n: number) => NON_SPECIALIST_DIAGNOSES[n - 1];
    assert.equal(byNumber(11).codes.length, 10);
    assert.equal(byNumber(11).codes[9], 'H10.9');
    assert.deepEqual(byNumber(60).codes, ['A03.9', 'A06.0']);
    assert.deepEqual(byNumber(92).codes, ['A90', 'A91']);
    assert.deepEqual(byNumber(142).codes, ['T30.1', 'T30.2']);
    assert.deepEqual(byNumber(7).codes, ['H81.3']);
    assert.match(byNumber(7).note ?? '', /H81\.1/);
    assert.deepEqual(byNumber(29).codes, ['J30.4']);
    assert.equal(byNumber(42).name, 'Hipertensi esensial');
    assert.deepEqual(byNumber(42).codes, ['I10']);
  });
});

describe('isNonSpecialist', () => {
  it('a listed three-character code matches itself and any subdivision', () => {
    assert.equal(isNonSpecialist('J00'), true);
    assert.equal(isNonSpecialist('J00.0'), true);
    assert.equal(isNonSpecialist('J00.9'), true);
    assert.equal(isNonSpecialist('I10'), true);
    assert.equal(isNonSpecialist('E11.9'), true);
    assert.equal(isNonSpecialist('T15.0'), true);
  });

  it('a three-character code does not match a longer category or another code', () => {
    assert.equal(isNonSpecialist('J001'), false);
    assert.equal(isNonSpecialist('J01'), false);
    assert.equal(isNonSpecialist('I11.9'), false);
  });

  it('a listed code with a subdivision matches only itself', () => {
    assert.equal(isNonSpecialist('J06.9'), false); // not on the list; J02.9 is
    assert.equal(isNonSpecialist('J02.9'), true);
    assert.equal(isNonSpecialist('J02'), false);
    assert.equal(isNonSpecialist('J02.0'), false);
    assert.equal(isNonSpecialist('J02.90'), false);
    assert.equal(isNonSpecialist('H81.3'), true);
    assert.equal(isNonSpecialist('H81.1'), false); // the "sic" correction is not applied
  });

  it('ignores case and surrounding spaces; null and blank are not matches', () => {
    assert.equal(isNonSpecialist('  j02.9 '), true);
    assert.equal(isNonSpecialist('j00.1'), true);
    assert.equal(isNonSpecialist(null), false);
    assert.equal(isNonSpecialist(undefined), false);
    assert.equal(isNonSpecialist('   '), false);
  });

  it('uses the list passed in, raw or compiled', () => {
    const list: NonSpecialistDiagnosis[] = [{ number: 1, name: 'Common cold', codes: ['j06.9'], nameSource: 'I', codeSource: 'I' }];
    assert.equal(isNonSpecialist('J06.9', list), true);
    assert.equal(isNonSpecialist('J00', list), false);
    const compiled = compileNonSpecialist(list);
    assert.equal(isNonSpecialist('J06.9', compiled), true);
    assert.equal(isNonSpecialist('J06', compiled), false);
  });
});

describe('diagnosisListProblems', () => {
  it('names the item and the reason', () => {
    const bad: NonSpecialistDiagnosis[] = [
      { number: 1, name: 'A', codes: ['J00'], nameSource: 'S', codeSource: 'S' },
      { number: 1, name: 'B', codes: ['J0'], nameSource: 'S', codeSource: 'S' },
      { number: 3, name: ' ', codes: [], nameSource: 'S', codeSource: 'S' },
    ];
    assert.deepEqual(diagnosisListProblems(bad), [
      'item 2 (number 1): number is repeated',
      'item 2 (number 1): "J0" is not an ICD-10 code such as J00 or J06.9',
      'item 3 (number 3): name is empty',
      'item 3 (number 3): no ICD-10 code',
    ]);
  });
});
