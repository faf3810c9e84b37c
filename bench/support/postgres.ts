/**
 * A PostgreSQL server for the bench's server pass: BENCH_DATABASE_URL when set, otherwise a throwaway
 * server started here as scripts/test.sh starts one (initdb as the postgres user, loopback only, a
 * random port, durability off) and stopped — data directory removed — when the bench ends, also on
 * Ctrl-C. Each bench gets a fresh database on it.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** URL of the server's maintenance database (`postgres`). */
  url: string;
  version: string;
  /** True when this process started it (and will stop it). */
  owned: boolean;
  stop(): void;
}

/** Server settings of the throwaway server, as scripts/test.sh sets them, plus BENCH_PG_OPTIONS. */
const SERVER_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (install postgresql-15), or set BENCH_DATABASE_URL');
  }
  return path.join(root, versions.at(-1)!, 'bin');
}

export async function startPostgres(log: (line: string) => void = () => {}): Promise<PostgresServer> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    const client = new pg.Client({ connectionString: given });
    await client.connect();
    const [{ server_version: version }] = (await client.query('SHOW server_version')).rows;
    await client.end();
    log(`PostgreSQL ${version} from BENCH_DATABASE_URL`);
    return { url: given, version, owned: false, stop() {} };
  }

  const bin = postgresBin();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'smart-jkn-bench-pg-'));
  const asPostgres = process.getuid?.() === 0; // initdb refuses to run as root
  if (asPostgres) chownSync(tmp, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const tool = (name: string, args: string[]) =>
    spawnSync(asPostgres ? 'runuser' : path.join(bin, name), asPostgres ? ['-u', 'postgres', '--', path.join(bin, name), ...args] : args, {
      encoding: 'utf8',
    });
  const run = (name: string, args: string[]) => {
    const result = tool(name, args);
    if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  const dataDir = path.join(tmp, 'data');
  let watchdog: ChildProcess | null = null;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    watchdog?.kill();
    tool('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']);
    rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    process.kill(process.pid, signal);
  };
  try {
    run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres']);
    const extra = (process.env.BENCH_PG_OPTIONS ?? '').split(/\s+/).filter(Boolean);
    const settings = [...SERVER_SETTINGS, ...extra].map((s) => `-c ${s}`).join(' ');
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = 20000 + Math.floor(Math.random() * 20000);
      try {
        run('pg_ctl', ['-D', dataDir, '-l', path.join(tmp, 'server.log'), '-w', '-o', `-p ${port} -k ${tmp} -c listen_addresses=127.0.0.1 ${settings}`, 'start']);
        break;
      } catch (error) {
        if (attempt >= 3) throw error; // most likely the port was taken
      }
    }
    watchdog = startWatchdog(bin, dataDir, tmp, asPostgres);
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    process.once('exit', stop);
    const versionLine = run('postgres', ['--version']);
    const version = /\(PostgreSQL\)\s+(\S+)/.exec(versionLine)?.[1] ?? versionLine.trim();
    log(`PostgreSQL ${version} started for this run on 127.0.0.1:${port} (${SERVER_SETTINGS.concat(extra).join(', ')})`);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      version,
      owned: true,
      stop() {
        process.off('SIGINT', onSignal).off('SIGTERM', onSignal).off('exit', stop);
        stop();
      },
    };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * Stops the server if this process dies without running its exit handlers (a crash, an out-of-memory
 * abort, kill -9): a detached shell that checks every second whether this process is still alive.
 */
function startWatchdog(bin: string, dataDir: string, tmp: string, asPostgres: boolean): ChildProcess {
  const pgCtl = `${asPostgres ? 'runuser -u postgres -- ' : ''}'${path.join(bin, 'pg_ctl')}' -D '${dataDir}' -m immediate stop`;
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${pgCtl} >/dev/null 2>&1; rm -rf '${tmp}'`;
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

/**
 * A fresh database on the server for one bench. Without the right to create databases (a
 * BENCH_DATABASE_URL to a managed server), the given database is used as it is: it must be empty.
 */
export async function freshDatabase(
  server: PostgresServer,
  log: (line: string) => void = () => {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `smart_jkn_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    log(`cannot create a database (${(error as Error).message}): using ${new URL(server.url).pathname.slice(1)} as it is`);
    return { url: server.url, async drop() {} };
  } finally {
    await admin.end();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
