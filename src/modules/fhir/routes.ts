/**
 * HTTP: FHIR R4 for facility systems under `/fhir` (CapabilityStatement, Patient and Coverage search by
 * NIK, CoverageEligibilityRequest), behind per-facility API keys, and the administrator's key routes.
 * Every answer on `/fhir`, errors included, is `application/fhir+json`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { isoDateIn } from '../../domain/format.ts';
import { type AuditBuffer, routeAccess } from '../access/index.ts';
import { type EligibilityService, InvalidNikError } from '../eligibility/index.ts';
import type { ApiKeyGuard } from './api-key-guard.ts';
import { apiKeyRoutes } from './api-key-routes.ts';
import type { ApiKeyHolder } from './api-keys.ts';
import { nikFromSearch, readEligibilityRequest } from './input.ts';
import { FhirError, operationOutcome } from './outcome.ts';
import {
  capabilityStatement,
  eligibilityResponse,
  FHIR_CONTENT_TYPE,
  type FhirResource,
  jknCoverage,
  patientResource,
  searchBundle,
} from './resources.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The facility system whose API key came with a `/fhir` request. */
    facilitySystem: ApiKeyHolder | null;
  }
}

export function fhirRoutes(
  server: FastifyInstance,
  app: AppContext,
  services: { eligibility: EligibilityService; audit: AuditBuffer; apiKeys: ApiKeyGuard },
) {
  const { eligibility, audit, apiKeys: guard } = services;
  const districtCode = app.district.district.code;
  const districtName = app.district.district.name;
  const startedAt = new Date();
  apiKeyRoutes(server, app.db, districtCode, guard);

  const send = (reply: FastifyReply, status: number, resource: FhirResource | object) =>
    reply.code(status).type(FHIR_CONTENT_TYPE).send(resource);
  const holderOf = (request: FastifyRequest): ApiKeyHolder => {
    if (!request.facilitySystem) throw new Error('FHIR route reached without an API key: missing the public flag?');
    return request.facilitySystem;
  };
  const askerName = (holder: ApiKeyHolder) => `apikey:${holder.id}`;
  const selfUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}${request.url}`;
  /** Patient and Coverage read the mirror without the counter's case, so they write their own audit record. */
  const auditRead = (request: FastifyRequest, action: string, nik: string, found: boolean) => {
    const holder = holderOf(request);
    audit.add({
      districtCode,
      userId: null,
      username: askerName(holder),
      action,
      subject: nik,
      detail: { channel: 'fhir', facility: holder.facilityCode, found },
      ip: request.ip,
    });
  };

  void server.register(
    async (fhir) => {
      // FHIR bodies are JSON only: plain text gets a 415, not a confusing "not a resource".
      fhir.removeContentTypeParser('text/plain');
      fhir.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, fhir.getDefaultJsonParser('error', 'error'));
      fhir.decorateRequest('facilitySystem', null);
      fhir.addHook('onRequest', async (request) => {
        // The role matrix says which routes take an API key (all but the CapabilityStatement).
        const access = request.routeOptions.url === undefined ? undefined : routeAccess(request.method, request.routeOptions.url);
        if (!access || !('apiKey' in access)) return;
        request.facilitySystem = await guard.authenticate(request.headers);
      });
      fhir.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
        const known =
          error instanceof FhirError
            ? error
            : error instanceof InvalidNikError
              ? new FhirError(400, 'value', `nik: ${error.message}`)
              : error.statusCode === 415
                ? new FhirError(415, 'not-supported', 'Send application/fhir+json (or application/json)')
                : error.validation || (error.statusCode && error.statusCode < 500)
                  ? new FhirError(error.statusCode ?? 400, 'invalid', error.message)
                  : null;
        if (!known) {
          request.log.error(error);
          return send(reply, 500, operationOutcome('exception', 'Internal error'));
        }
        if (known.status === 401) reply.header('www-authenticate', 'Bearer realm="fhir"');
        return send(reply, known.status, known.outcome);
      });

      fhir.get('/metadata', {
        schema: { tags: ['fhir'], summary: 'FHIR CapabilityStatement (no key needed)' },
        handler: async (request, reply) =>
          send(reply, 200, capabilityStatement(`${request.protocol}://${request.host}/fhir`, districtName, startedAt)),
      });

      fhir.get('/Patient', {
        schema: { tags: ['fhir'], summary: 'Patient by NIK: ?identifier=https://fhir.kemkes.go.id/id/nik|{nik} (API key)' },
        handler: async (request, reply) => {
          const nik = nikFromSearch(request.query as Record<string, unknown>, 'identifier');
          const facts = await eligibility.mirrorFacts(nik);
          const found = facts.resident !== null || facts.membership !== null;
          auditRead(request, 'fhir.patient.search', nik, found);
          return send(reply, 200, searchBundle(selfUrl(request), found ? [patientResource(nik)] : [], new Date()));
        },
      });

      fhir.get('/Coverage', {
        schema: {
          tags: ['fhir'],
          summary: 'The JKN Coverage of a person: ?beneficiary:identifier=https://fhir.kemkes.go.id/id/nik|{nik} (API key)',
        },
        handler: async (request, reply) => {
          const nik = nikFromSearch(request.query as Record<string, unknown>, 'beneficiary:identifier');
          const facts = await eligibility.mirrorFacts(nik);
          const membership = facts.membership;
          auditRead(request, 'fhir.coverage.search', nik, membership !== null);
          const coverage =
            membership &&
            jknCoverage(nik, {
              status: membership.status,
              reason: membership.status === 'NONAKTIF' ? membership.reason : null,
              primaryFacility: membership.primaryFacility,
              asOf: facts.asOf,
              source: 'mirror',
            });
          return send(reply, 200, searchBundle(selfUrl(request), coverage ? [coverage] : [], new Date()));
        },
      });

      fhir.post('/CoverageEligibilityRequest', {
        schema: {
          tags: ['fhir'],
          summary:
            'Is this patient covered today? Answers a CoverageEligibilityRequest (patient by NIK) with a ' +
            'CoverageEligibilityResponse; opens the reactivation case like the counter (API key)',
        },
        handler: async (request, reply) => {
          const holder = holderOf(request);
          const question = readEligibilityRequest(request.body);
          // The facility is the key's, never what the request says: the case and audit must name who asked.
          const answer = await eligibility.check(question.nik, {
            userId: null,
            username: askerName(holder),
            facilityCode: holder.facilityCode,
            channel: 'fhir',
            ip: request.ip,
          });
          const now = new Date();
          return send(reply, 200, eligibilityResponse(answer, question, { districtName, today: isoDateIn(now, app.district.timeZone), now }));
        },
      });

      // Anything else under /fhir, the base itself included, is a FHIR 404, not the web app's page.
      for (const url of ['/', '/*']) {
        fhir.route({
          method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
          url,
            schema: { hide: true },
          handler: async (request) => {
            throw new FhirError(404, 'not-found', `${request.method} ${request.url.split('?')[0]} is not offered; see /fhir/metadata`);
          },
        });
      }
    },
    { prefix: '/fhir' },
  );
}
