/**
 * What every browser test needs: a throwaway data directory, the real CLI (`demo`, `serve`) on it, and
 * headless Chromium.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/smart-jkn.mjs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A fresh embedded database directory and the environment that points the CLI at it. */
export function freshDataDir(): { dataDir: string; env: NodeJS.ProcessEnv } {
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'smart-jkn-e2e-')), 'data');
  const env: NodeJS.ProcessEnv = { ...process.env, SMART_JKN_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return { dataDir, env };
}

/** Runs `smart-jkn ARGS` to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts `smart-jkn serve` on a random port and resolves once it prints its URL. */
export async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; process: ChildProcess }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d) => {
      out += d;
      if (out.includes(url)) resolve();
    });
    server.on('close', () => reject(new Error(`serve exited: ${out}`)));
  });
  return { url, process: server };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
