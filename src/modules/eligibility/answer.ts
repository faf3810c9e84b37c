/**
 * The counter's answer (formats.md "HTTP API"), declared once: the route documents and checks it with
 * this schema, and the service, the FHIR mapping and the web app use the type derived from it.
 */
import { z } from 'zod';
import { CASE_ROUTES, type Office } from '../../domain/eligibility.ts';
import { CLASSES, INACTIVE_REASONS, SEGMENTS } from '../../domain/membership.ts';

const OFFICES = ['dinkes', 'dinsos', 'disnaker', 'disdukcapil'] as const satisfies readonly Office[];

export const eligibilityAnswerSchema = z.object({
  nik: z.string(),
  resident: z.boolean().describe('A living resident of the district according to the population register'),
  membership: z.enum(['AKTIF', 'NONAKTIF', 'TIDAK_TERDAFTAR']),
  reason: z.enum(INACTIVE_REASONS).nullable(),
  served: z.boolean(),
  basis: z.enum(['JKN_AKTIF', 'JAMINAN_PEMDA', 'TIDAK']),
  asOf: z.string().describe('The date the answer is valid for (YYYY-MM-DD)'),
  source: z.enum(['mirror', 'vclaim', 'pcare']),
  caseId: z.string().nullable(),
  nextStep: z.string().describe('Plain Indonesian for the front desk'),
  primaryFacility: z.string().nullable(),
  arrearsMonths: z.number().nullable(),
  segment: z.enum(SEGMENTS).nullable().describe('Only for roles that need it (admin, dinkes); null otherwise'),
  membershipClass: z.enum(CLASSES).nullable().describe('Only for roles that need it (admin, dinkes); null otherwise'),
  desaCode: z.string().nullable(),
  case: z
    .object({ route: z.enum(CASE_ROUTES), ownerOffice: z.enum(OFFICES), dueAt: z.string(), basis: z.string() })
    .nullable(),
});

export type EligibilityAnswer = z.infer<typeof eligibilityAnswerSchema>;
export type EligibilitySource = EligibilityAnswer['source'];
