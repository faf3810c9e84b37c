/**
 * A NIK as it is being typed: the server's NIK rules (src/domain/nik.ts) applied to the digits typed so
 * far, so a wrong province or birth date shows as soon as its digits are in, before the sixteenth.
 */
import { maskNik, parseNik } from '../../../src/domain/nik.ts';
import { describeIssue, issue, type IssueCode, type IssueParams } from '../../../src/domain/row-issues.ts';

export { maskNik };

export const NIK_LENGTH = 16;

export type NikInput =
  | { state: 'empty' }
  /** Digits so far break no rule; `typed` of 16. */
  | { state: 'incomplete'; typed: number }
  | { state: 'valid'; nik: string }
  /** `nonDigit`: something other than 0–9 was typed; otherwise a NIK rule with its wording. */
  | { state: 'invalid'; nonDigit: true }
  | { state: 'invalid'; nonDigit: false; code: IssueCode; params: IssueParams; reason: string };

/** Where each rule's digits end: a rule is judged once all of its digits are typed. */
const RULE_END: Partial<Record<IssueCode, number>> = {
  nik_province: 2,
  nik_regency: 4,
  nik_kecamatan: 6,
  nik_month: 10,
  nik_day: 10,
  nik_leap: 12,
  nik_serial: 16,
};

/** Spaces, dots and dashes people type or paste between groups of digits. */
export function cleanNik(raw: string): string {
  return raw.replace(/[\s.-]/g, '');
}

export function checkNikInput(raw: string): NikInput {
  const value = cleanNik(raw);
  if (value === '') return { state: 'empty' };
  if (!/^\d+$/.test(value)) return { state: 'invalid', nonDigit: true };
  // Stand-in digits complete a short NIK; a rule that fails only counts when its own digits are all typed.
  const whole = value.length >= NIK_LENGTH ? value : value + '0'.repeat(NIK_LENGTH - value.length);
  const parsed = parseNik(whole);
  if (parsed.ok) return value.length === NIK_LENGTH ? { state: 'valid', nik: value } : { state: 'incomplete', typed: value.length };
  const end = RULE_END[parsed.code] ?? NIK_LENGTH;
  if (value.length < NIK_LENGTH && end > value.length) return { state: 'incomplete', typed: value.length };
  return { state: 'invalid', nonDigit: false, code: parsed.code, params: parsed.params, reason: parsed.reason };
}

/** The rule a NIK breaks, worded for people (sentence case), in Indonesian or English. */
export function describeNikIssue(issue: { code: IssueCode; params: IssueParams; reason: string }, language: string): string {
  const text = describeIssue(issue, language === 'en' ? 'en' : 'id');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Why a NIK cannot be checked yet, in words; null when it can (or nothing is typed and not submitted). */
export function nikProblem(input: NikInput, submitted: boolean, language: string, digitsOnly: string): string | null {
  switch (input.state) {
    case 'valid':
      return null;
    case 'invalid':
      return input.nonDigit ? digitsOnly : describeNikIssue(input, language);
    case 'empty':
    case 'incomplete':
      return submitted ? describeNikIssue(issue('nik_length', { length: input.state === 'empty' ? 0 : input.typed }), language) : null;
  }
}
