/** `smart-jkn serve`: the web application and API, holding the embedded database for its lifetime. */
import { openApp } from '../app/context.ts';
import { databaseConfig } from '../config.ts';
import { buildServer } from '../http/server.ts';
import { CoverageService } from '../modules/coverage/coverage-service.ts';
import {
  createDemoDistrict,
  DEFAULT_SEED,
  DEMO_LOGINS,
  FIRST_START_SCALE,
  hasImportedData,
  isDemoDatabase,
} from '../modules/demo/create-demo.ts';
import { readBpjsConfig } from '../modules/eligibility/bpjs/config.ts';
import { EligibilityService } from '../modules/eligibility/eligibility-service.ts';
import { ImportJobs } from '../modules/registry/import-jobs.ts';
import { EventLoopLateness } from '../workers/give-way.ts';
import { demoProgress } from './progress.ts';
import { snapshotOnImport } from '../modules/coverage/snapshot-repository.ts';

export async function serve(options: { port: number; host: string; demo: boolean; dataDir?: string }): Promise<void> {
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`;
  const app = await openApp(databaseConfig({ dataDir: options.dataDir }), { holder: { command: 'serve', url } });
  try {
    if (options.demo && !(await hasImportedData(app))) {
      process.stderr.write(`Creating the demo district (scale ${FIRST_START_SCALE}); \`smart-jkn demo --scale 1\` builds the full one.\n`);
      const progress = demoProgress();
      await createDemoDistrict(app, { scale: FIRST_START_SCALE, seed: DEFAULT_SEED, onStep: progress.update }).finally(progress.stop);
    }
    const coverage = new CoverageService(app.db, app.district);
    // Imports and mirror rebuilds give way to the counter checks this server answers.
    const lateness = new EventLoopLateness();
    const eligibility = new EligibilityService(app, { bpjs: readBpjsConfig(), giveWay: lateness.giveWay });
    await eligibility.start();
    const jobs = new ImportJobs(
      app,
      () => {
        coverage.invalidate();
        void eligibility.refresh();
      },
      snapshotOnImport(app.db.kind),
      lateness.giveWay,
    );
    const server = await buildServer({ app, coverage, jobs, eligibility, log: process.env.LOG_REQUESTS === '1' });
    await server.listen({ port: options.port, host: options.host });

    const lines = [`SMART JKN — ${app.district.district.name} (${app.district.district.code}) — ${url}`, `API documentation: ${url}/api/docs`];
    if (await isDemoDatabase(app)) {
      lines.push('Demo logins (synthetic data only):');
      for (const l of DEMO_LOGINS) lines.push(`  ${l.username.padEnd(10)} ${l.password.padEnd(16)} ${l.role}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);

    const shutdown = async () => {
      await server.close();
      await jobs.idle();
      await eligibility.close();
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
