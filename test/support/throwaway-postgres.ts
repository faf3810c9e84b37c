/**
 * A PostgreSQL server of a test's own, for tests that stop and start it (never the shared test server):
 * started as scripts/test.sh starts one (initdb as the postgres user when root, loopback only, a random
 * port, durability off), removed when the test process ends.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ThrowawayPostgres {
  /** URL of its `postgres` database. */
  url: string;
  /** Each runs pg_ctl in a child process, leaving this one's event loop free (e.g. for HTTP requests meanwhile). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>;
  destroy(): void;
}

/** The newest installed server's bin directory, or null (then the caller skips, saying why). */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length > 0 ? path.join(root, versions.at(-1)!, 'bin') : null;
}

export const NO_POSTGRES = 'PostgreSQL server binaries not found under /usr/lib/postgresql (install postgresql-15): skipped';

export async function startThrowawayPostgres(bin: string): Promise<ThrowawayPostgres> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'smart-jkn-faults-pg-'));
  const asPostgres = process.getuid?.() === 0; // initdb refuses to run as root
  if (asPostgres) chownSync(tmp, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const command = (name: string, args: string[]): [string, string[]] => {
    const tool = path.join(bin, name);
    return asPostgres ? ['runuser', ['-u', 'postgres', '--', tool, ...args]] : [tool, args];
  };
  const runNow = (name: string, args: string[]) => {
    const result = spawnSync(...command(name, args), { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${name} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  };
  const run = (name: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(...command(name, args), { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${name} ${args.join(' ')} failed: ${out}`))));
    });
  const dataDir = path.join(tmp, 'data');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const options = `-p ${port} -k ${tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  let destroyed = false;
  const server: ThrowawayPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: (mode = 'fast') => run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']),
    start: () => run('pg_ctl', ['-D', dataDir, '-l', path.join(tmp, 'server.log'), '-w', '-o', options, 'start']),
    restart: () => run('pg_ctl', ['-D', dataDir, '-l', path.join(tmp, 'server.log'), '-w', '-m', 'fast', '-o', options, 'restart']),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      process.off('exit', server.destroy);
      try {
        runNow('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  try {
    runNow('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres']);
    await server.start();
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  process.once('exit', server.destroy);
  return server;
}
