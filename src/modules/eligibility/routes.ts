/** HTTP: the counter check by NIK (formats.md "HTTP API") and the resident self-check. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, currentUser } from '../access/index.ts';
import { eligibilityAnswerSchema } from './answer.ts';
import { type EligibilityService, InvalidNikError } from './eligibility-service.ts';
import { SELF_CHECK_FLOOR_MS, selfCheck } from './self-check.ts';

/** Checks per client per minute on the public self-check: enough for a family, too few to walk NIKs. */
const SELF_CHECKS_PER_MINUTE = 10;

export function eligibilityRoutes(server: FastifyInstance, eligibility: EligibilityService) {
  const api = server.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/eligibility/:nik', {
    // The hot path of the counter: its schemas document the API, but zod does not check each request and
    // answer. Its parse copies the objects it checks, and at 10 k checks a second those copies were the
    // largest share of what reached V8's old generation during an import. The types hold the shape.
    validatorCompiler: () => (params) => ({ value: params }),
    serializerCompiler: () => (answer) => JSON.stringify(answer),
    schema: {
      tags: ['eligibility'],
      summary: 'Is this NIK covered today? Opens a reactivation or registration case for a resident whose membership is not active',
      params: z.object({ nik: z.string() }),
      response: { 200: eligibilityAnswerSchema, 400: z.object({ error: z.string() }) },
    },
    handler: async (request, reply) => {
      const user = currentUser(request);
      try {
        const answer = await eligibility.check(request.params.nik, {
          userId: user.id,
          username: user.username,
          facilityCode: user.facilityCode,
          channel: 'counter',
          ip: request.ip,
        });
        if (!can(user.role, 'eligibility.details')) {
          // The answer is this request's own: blanked in place, not spread into a copy (see withMembership).
          answer.segment = null;
          answer.membershipClass = null;
        }
        return answer;
      } catch (error) {
        if (error instanceof InvalidNikError) return reply.code(400).send({ error: `nik: ${error.message}` });
        throw error;
      }
    },
  });

  api.post('/api/v1/self-check', {
    config: { rateLimit: { max: SELF_CHECKS_PER_MINUTE, timeWindow: 60_000 } },
    schema: {
      tags: ['eligibility'],
      summary: `Resident self-check by NIK and family card number (no login; ${SELF_CHECKS_PER_MINUTE} a minute per client; same shape and time whether or not the NIK exists or the number matches)`,
      body: z.object({
        nik: z.string().max(32),
        // Not checked here: a malformed number gets the same answer as a wrong one.
        noKk: z.string().max(32).describe('Nomor Kartu Keluarga, 16 digits'),
      }),
    },
    handler: async (request) => {
      const started = Date.now();
      const answer = await selfCheck(eligibility, request.body, request.ip);
      // Every answer takes the same time, so timing tells nothing about whether a NIK exists.
      const wait = started + SELF_CHECK_FLOOR_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return answer;
    },
  });
}
