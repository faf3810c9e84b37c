/** The application as the tests build it: through the composition root, like `serve` does. */
import type { FastifyInstance } from 'fastify';
import { type ComposeOptions, compose, type Services } from '../../src/app/compose.ts';
import type { AppContext } from '../../src/app/context.ts';
import { buildServer } from '../../src/http/server.ts';
import { type Actor, addUser, type NewUser } from '../../src/modules/access/index.ts';

/** Who adds the tests' users and keys: like the command line, no role to check. */
export const TEST_ACTOR: Actor = { userId: null, username: 'test', role: null, ip: null, via: 'cli' };

export function addTestUser(app: AppContext, input: Omit<NewUser, 'districtCode'> & { districtCode?: string }) {
  return addUser(app.db, { ...input, districtCode: input.districtCode ?? app.district.district.code }, TEST_ACTOR);
}

/** The services, started (no live BPJS unless asked); `close` ends them, not the database. */
export async function startServices(app: AppContext, options: ComposeOptions = {}): Promise<Services> {
  const services = compose(app, { bpjs: null, ...options });
  await services.start();
  return services;
}

/** The services and the HTTP server on them; `close` closes both, not the database. */
export async function startServer(app: AppContext, options: ComposeOptions = {}): Promise<{ services: Services; server: FastifyInstance; close(): Promise<void> }> {
  const services = await startServices(app, options);
  const server = await buildServer(services);
  return {
    services,
    server,
    async close() {
      await server.close();
      await services.close();
    },
  };
}
