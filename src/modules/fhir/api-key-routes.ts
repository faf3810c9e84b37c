/** HTTP: the administrator's API keys for facility systems (list, create — the key shown once — and revoke). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { actorOf } from '../access/index.ts';
import type { ApiKeyGuard } from './api-key-guard.ts';
import { listApiKeys } from './api-keys.ts';
import { ApiKeyInputError, createApiKey } from './create-api-key.ts';
import { revokeApiKey } from './revoke-api-key.ts';

const keyInfo = z.object({
  id: z.string(),
  facilityCode: z.string(),
  label: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
const error = z.object({ error: z.string() });

export function apiKeyRoutes(server: FastifyInstance, db: Database, districtCode: string, guard: ApiKeyGuard) {
  const api = server.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/api-keys', {
    schema: {
      tags: ['api-keys'],
      summary: 'API keys of facility systems (never the keys themselves)',
      response: { 200: z.object({ items: z.array(keyInfo) }) },
    },
    handler: async () => ({ items: await listApiKeys(db, districtCode) }),
  });

  api.post('/api/v1/api-keys', {
    schema: {
      tags: ['api-keys'],
      summary: 'Make an API key for a facility system; the key is in this answer only',
      body: z.object({ facilityCode: z.string().max(100), label: z.string().max(1000) }),
      response: { 201: keyInfo.extend({ key: z.string() }), 400: error },
    },
    handler: async (request, reply) => {
      try {
        return reply.code(201).send(await createApiKey(db, { districtCode, ...request.body }, actorOf(request)));
      } catch (caught) {
        if (caught instanceof ApiKeyInputError) return reply.code(400).send({ error: caught.message });
        throw caught;
      }
    },
  });

  api.post('/api/v1/api-keys/:id/revoke', {
    schema: {
      tags: ['api-keys'],
      summary: 'Revoke an API key: refused at once by this server, within half a minute by any other',
      params: z.object({ id: z.string().uuid() }),
      response: { 200: keyInfo, 404: error, 409: error },
    },
    handler: async (request, reply) => {
      const result = await revokeApiKey(db, guard, { districtCode, id: request.params.id }, actorOf(request));
      if ('unknown' in result) return reply.code(404).send({ error: 'No such API key' });
      if ('alreadyRevoked' in result) return reply.code(409).send({ error: `Already revoked at ${result.alreadyRevoked.revokedAt}` });
      return result.revoked;
    },
  });
}
