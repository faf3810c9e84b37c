/**
 * Bench 3: the dashboard API over HTTP on a running server (buildServer, listening on a random
 * loopback port), logged in as a user added for the run: `GET /api/v1/coverage?level=kecamatan` and
 * `?level=desa`, each at a few concurrency levels for a fixed time, next to `GET /api/health` on the
 * same server as the baseline. The load comes from a child process over keep-alive connections.
 *
 * Goal: < 50 ms (judged on p99 latency at every concurrency level).
 *
 *   node --import tsx bench/dashboard-api.ts [--scale 1] [--backend both] [--concurrency 1,8,32] [--duration 5]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp } from '../src/app/context.ts';
import { buildServer } from '../src/http/server.ts';
import { addUser } from '../src/modules/access/users.ts';
import { CoverageService } from '../src/modules/coverage/coverage-service.ts';
import { snapshotOnImport } from '../src/modules/coverage/snapshot-repository.ts';
import { ImportJobs } from '../src/modules/registry/import-jobs.ts';
import { forEachBackend } from './support/backends.ts';
import { runChild } from './support/child.ts';
import { fmt, log, machineLine, parseOptions, printTable } from './support/cli.ts';
import { benchData } from './support/data.ts';
import { importSource } from './support/district.ts';
import type { LoadInput, LoadResult } from './support/load.ts';

const GOAL_MS = 50;
const LOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/load.ts');
const ENDPOINTS = [
  { name: 'health (baseline)', path: '/api/health', auth: false },
  { name: 'coverage kecamatan', path: '/api/v1/coverage?level=kecamatan', auth: true },
  { name: 'coverage desa', path: '/api/v1/coverage?level=desa', auth: true },
];

const options = parseOptions('bench/dashboard-api.ts: dashboard API latency and throughput vs /api/health', {
  concurrency: { default: '1,8,32', help: 'concurrent keep-alive connections, comma-separated levels' },
  duration: { default: '5', help: 'seconds recorded per endpoint and level (after a 1 s warm-up)' },
});
const levels = options.concurrency.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const durationMs = Math.max(0.5, Number(options.duration)) * 1000;
const data = await benchData(options.scale, options.seed, log);
const rows: string[][] = [];
const summary: string[][] = [];

process.stdout.write(
  `dashboard-api — ${machineLine()}\n` +
    `${fmt.int(data.summary.living)} living residents, ${fmt.int(data.peserta.rows)} members (scale ${options.scale}, seed ${options.seed}); ` +
    `${durationMs / 1000} s per endpoint and concurrency level, server and load generator in separate processes\n`,
);

await forEachBackend(options.backends, log, async (backend) => {
  const app = await openApp(backend.config, { holder: { command: 'bench dashboard-api' } });
  try {
    log(`${backend.label}: importing the district`);
    await importSource(app, 'penduduk', data.penduduk.path, log);
    await importSource(app, 'peserta', data.peserta.path, log);
    const password = 'bench-password';
    await addUser(app.db, { username: 'bench', password, role: 'viewer', districtCode: app.district.district.code });

    const coverage = new CoverageService(app.db, app.district);
    const jobs = new ImportJobs(app, () => coverage.invalidate(), snapshotOnImport(app.db.kind));
    const server = await buildServer({ app, coverage, jobs, log: false });
    await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = server.server.address();
      if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
      const base = `http://127.0.0.1:${address.port}`;
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench', password }),
      });
      if (login.status !== 200) throw new Error(`login failed: HTTP ${login.status} ${await login.text()}`);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

      const results = new Map<string, LoadResult>();
      for (const concurrency of levels) {
        for (const endpoint of ENDPOINTS) {
          log(`${backend.label}: ${endpoint.path} at concurrency ${concurrency}`);
          const result = await runChild<LoadResult>(LOAD, {
            url: `${base}${endpoint.path}`,
            cookie: endpoint.auth ? cookie : undefined,
            concurrency,
            durationMs,
            warmupMs: 1000,
          } satisfies LoadInput);
          results.set(`${endpoint.name}@${concurrency}`, result);
          const health = results.get(`${ENDPOINTS[0].name}@${concurrency}`)!;
          const isBaseline = endpoint === ENDPOINTS[0];
          rows.push([
            backend.name,
            endpoint.name,
            String(concurrency),
            fmt.int(result.requests / (result.elapsedMs / 1000)),
            fmt.ms(result.p50),
            fmt.ms(result.p99),
            fmt.ms(result.max),
            isBaseline ? '' : fmt.ratio(result.p50 / health.p50),
            `${fmt.int(result.bytesPerResponse / 1024)} KB`,
            result.errors ? `${result.errors} (${result.firstError})` : '0',
            isBaseline ? '' : fmt.goal(result.p99 < GOAL_MS && result.errors === 0),
          ]);
          if (!isBaseline) {
            summary.push([
              backend.name,
              `${endpoint.name}, c=${concurrency}`,
              `p50 ${fmt.ms(result.p50)}, p99 ${fmt.ms(result.p99)}, ${fmt.int(result.requests / (result.elapsedMs / 1000))} req/s`,
              `health p50 ${fmt.ms(health.p50)}, p99 ${fmt.ms(health.p99)}, ${fmt.int(health.requests / (health.elapsedMs / 1000))} req/s`,
              `${fmt.ratio(result.p99 / health.p99)} (p99)`,
              `p99 < ${GOAL_MS} ms`,
              fmt.goal(result.p99 < GOAL_MS && result.errors === 0),
            ]);
          }
        }
      }
    } finally {
      await server.close();
      await jobs.idle();
    }
  } finally {
    await app.close();
  }
});

printTable(
  'Dashboard API (latency per request; ratio = p50 / health p50 at the same concurrency)',
  ['backend', 'endpoint', 'conc.', 'req/s', 'p50', 'p99', 'max', 'ratio', 'body', 'errors', 'p99 < 50 ms?'],
  rows,
);
printTable('Summary', ['backend', 'figure', 'value', 'baseline', 'ratio', 'goal', 'goal met?'], summary);
