/** Assembles the HTTP server: API modules, OpenAPI at /api/docs, the built web app at /. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/context.ts';
import { accessRoutes } from '../modules/access/routes.ts';
import { caseRoutes } from '../modules/cases/routes.ts';
import type { CoverageService } from '../modules/coverage/coverage-service.ts';
import { coverageRoutes } from '../modules/coverage/routes.ts';
import { readBpjsConfig } from '../modules/eligibility/bpjs/config.ts';
import { EligibilityService } from '../modules/eligibility/eligibility-service.ts';
import { eligibilityRoutes } from '../modules/eligibility/routes.ts';
import { fhirRoutes } from '../modules/fhir/routes.ts';
import type { ImportJobs } from '../modules/registry/import-jobs.ts';
import { registryRoutes } from '../modules/registry/routes.ts';
import { registerAuth } from './auth.ts';
import { loggerOptions } from './logger.ts';

export interface ServerDeps {
  app: AppContext;
  coverage: CoverageService;
  jobs: ImportJobs;
  /** The counter check; built here (live BPJS from the environment) when not given, and closed with the server. */
  eligibility?: EligibilityService;
  /** Log requests (pino, NIKs redacted); off in tests. */
  log?: boolean;
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const server = Fastify({ logger: deps.log ? loggerOptions() : false, trustProxy: true });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    if (error.validation) return reply.code(400).send({ error: error.message });
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
    request.log.error(error);
    return reply.code(500).send({ error: 'Internal error' });
  });

  await server.register(fastifyCookie);
  await server.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  // Only routes that ask for it are limited (the public self-check).
  await server.register(fastifyRateLimit, { global: false });
  await server.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'SMART JKN API',
        version: '1',
        description: 'JKN coverage and active membership for an Indonesian district. Log in at /api/v1/auth/login; the session is a cookie.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await server.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const sessions = registerAuth(server, deps.app.db, deps.app.district.district.code);
  server.get('/api/health', { config: { public: true }, schema: { tags: ['health'] } }, async () => ({
    status: 'ok',
    district: deps.app.district.district.code,
    database: deps.app.db.kind,
  }));
  const eligibility = deps.eligibility ?? new EligibilityService(deps.app, { bpjs: readBpjsConfig() });
  if (!deps.eligibility) {
    await eligibility.start();
    server.addHook('onClose', () => eligibility.close());
  }
  accessRoutes(server, deps.app, sessions, () => eligibility.audit.flush());
  coverageRoutes(server, deps.app, deps.coverage);
  registryRoutes(server, deps.app, deps.jobs);
  eligibilityRoutes(server, eligibility);
  fhirRoutes(server, deps.app, eligibility);
  caseRoutes(server, deps.app, eligibility.cases);

  if (existsSync(WEB_DIST)) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await server.register(fastifyStatic, { root: WEB_DIST, wildcard: true });
    server.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/')) return reply.code(404).send({ error: 'Not found' });
      return reply.sendFile('index.html');
    });
  } else {
    server.get('/', async (_request, reply) =>
      reply.type('text/plain').send('The web app is not built: run `npm run build`. The API is at /api/docs.'),
    );
  }
  return server;
}
