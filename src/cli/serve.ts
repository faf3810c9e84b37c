/** `smart-jkn serve`: the web application and API, holding the embedded database for its lifetime. */
import { compose } from '../app/compose.ts';
import { openApp } from '../app/context.ts';
import { databaseConfig, journalConfig } from '../config.ts';
import { buildServer } from '../http/server.ts';
import { createDemoDistrict, DEFAULT_SEED, DEMO_LOGINS, FIRST_START_SCALE, hasImportedData, isDemoDatabase } from '../modules/demo/index.ts';
import { demoProgress } from './progress.ts';
import { snapshotOnImport } from '../modules/coverage/snapshot-repository.ts';

export async function serve(options: { port: number; host: string; demo: boolean; dataDir?: string }): Promise<void> {
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`;
  const config = databaseConfig({ dataDir: options.dataDir });
  const app = await openApp(config, { holder: { command: 'serve', url } });
  try {
    if (options.demo && !(await hasImportedData(app))) {
      process.stderr.write(`Creating the demo district (scale ${FIRST_START_SCALE}); \`smart-jkn demo --scale 1\` builds the full one.\n`);
      const progress = demoProgress();
      await createDemoDistrict(app, { scale: FIRST_START_SCALE, seed: DEFAULT_SEED, onStep: progress.update }).finally(progress.stop);
    }
    // Imports and mirror rebuilds give way to the counter checks this server answers.
    const services = compose(app, { journal: journalConfig(config), giveWay: true });
    await services.start();
    const server = await buildServer(services, { log: process.env.LOG_REQUESTS === '1' });
    await server.listen({ port: options.port, host: options.host });

    const lines = [`SMART JKN — ${app.district.district.name} (${app.district.district.code}) — ${url}`, `API documentation: ${url}/api/docs`];
    if (await isDemoDatabase(app)) {
      lines.push('Demo logins (synthetic data only):');
      for (const l of DEMO_LOGINS) lines.push(`  ${l.username.padEnd(10)} ${l.password.padEnd(16)} ${l.role}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);

    const shutdown = async () => {
      await server.close();
      await services.close();
      await app.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    await app.close();
    throw error;
  }
}
