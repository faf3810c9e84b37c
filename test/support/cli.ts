/** Runs the `smart-jkn` command as a user would, on a test database, and collects what it printed. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseConfig } from '../../src/config.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/smart-jkn.mjs');

export function runCli(config: DatabaseConfig, args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
  const dataDir = config.databaseUrl ? [] : ['--data-dir', config.dataDir];
  const child = spawn(process.execPath, [BIN, ...dataDir, ...args], { env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
