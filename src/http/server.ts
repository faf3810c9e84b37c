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
import helmet from 'helmet';
import type { Services } from '../app/compose.ts';
import { type HttpConfig, httpConfig } from '../config.ts';
import { isDatabaseUnavailable } from '../db/client.ts';
import { accessRoutes } from '../modules/access/index.ts';
import type { LoginThrottle } from '../modules/access/login-throttle.ts';
import { caseRoutes } from '../modules/cases/index.ts';
import { complaintRoutes } from '../modules/complaints/index.ts';
import { coverageRoutes } from '../modules/coverage/index.ts';
import { eligibilityRoutes } from '../modules/eligibility/index.ts';
import { fhirRoutes } from '../modules/fhir/index.ts';
import { fundingRoutes, ledgerRoutes } from '../modules/funding/index.ts';
import { qualityRoutes } from '../modules/quality/index.ts';
import { facilityImportRoutes, registryRoutes } from '../modules/registry/index.ts';
import { guardRouteRegistration, registerAuth } from './auth.ts';
import { healthReport } from './health.ts';
import { loggerOptions } from './logger.ts';

export interface ServerOptions {
  /** Log requests (pino, NIKs redacted); off in tests. */
  log?: boolean;
  /** Public URL and trusted proxies; from the environment when not given. */
  http?: HttpConfig;
  /** Failed logins per username and address; a fresh one (5 in 15 minutes) when not given. */
  loginThrottle?: LoginThrottle;
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/**
 * The routes on the services the composition root built (src/app/compose.ts). Closing the server closes
 * none of them: their owner does.
 */
export async function buildServer(services: Services, options: ServerOptions = {}): Promise<FastifyInstance> {
  const { app } = services;
  const http = options.http ?? httpConfig();
  const server = Fastify({ logger: options.log ? loggerOptions() : false, trustProxy: http.trustProxy });
  guardRouteRegistration(server);
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    if (error.validation) return reply.code(400).send({ error: error.message });
    if (error.statusCode && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
    if (isDatabaseUnavailable(error)) return reply.code(503).header('Retry-After', '5').send({ error: 'The database is unavailable; try again shortly' });
    request.log.error(error);
    return reply.code(500).send({ error: 'Internal error' });
  });

  await server.register(fastifyCookie);
  // Security headers on every answer: the API's, the web app's, /api/docs' and every 404 (formats.md).
  // Helmet's defaults (script-src 'self', object-src 'none', nosniff, Referrer-Policy no-referrer, …)
  // with framing refused, and no upgrade of http requests: a desk may reach the app over plain http.
  // Inline styles stay allowed (helmet's default): React, ECharts and swagger-ui set them. Helmet itself,
  // built once: @fastify/helmet builds it again for every request, which doubled the cost of a request
  // to a bare route (85 → 185 µs by inject on this machine; 96 µs built once).
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { frameAncestors: ["'none'"], upgradeInsecureRequests: null } },
    frameguard: { action: 'deny' },
  });
  server.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
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

  registerAuth(server, services.sessions, app.district.district.code);
  const health = healthReport(app, services.eligibility);
  server.get('/api/health', { schema: { tags: ['health'] } }, () => health());
  accessRoutes(server, app, services.sessions, services.audit, { throttle: options.loginThrottle, publicUrl: http.publicUrl });
  coverageRoutes(server, app, services.coverage);
  registryRoutes(server, app, services.jobs);
  eligibilityRoutes(server, services.eligibility);
  fhirRoutes(server, app, services);
  caseRoutes(server, app, services.cases);
  complaintRoutes(server, services.complaints);
  fundingRoutes(server, app, services.funding);
  ledgerRoutes(server, app, services.funding);
  facilityImportRoutes(server, app, services.facilityImports);
  qualityRoutes(server, app, services.scorecards);

  if (existsSync(WEB_DIST)) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await server.register(fastifyStatic, { root: WEB_DIST, wildcard: true });
    server.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/')) return reply.code(404).send({ error: 'Not found' });
      return reply.sendFile('index.html');
    });
  } else {
    // The same route as the built app's files (`GET /*`), so the role matrix is the same either way.
    server.get('/*', { schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.code(404).send({ error: 'Not found' });
      return reply.type('text/plain').send('The web app is not built: run `npm run build`. The API is at /api/docs.');
    });
  }
  return server;
}
