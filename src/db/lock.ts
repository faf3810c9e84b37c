/**
 * A lock file beside the embedded data directory (`data` → `data.lock`). PGlite does not lock its
 * directory and a second process opening it corrupts it, so every process that opens the embedded
 * database holds this lock; one that finds it held stops with a message naming the holder.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface LockHolder {
  pid: number;
  command: string;
  url?: string;
  since: string;
}

export interface DataDirLock {
  path: string;
  release(): void;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database ${dataDir} is in use by another smart-jkn process (pid ${holder.pid}: ${holder.command}` +
        `${holder.url ? `, serving ${holder.url}` : ''}). ` +
        'Only one process may open it at a time: use the web application or its API while the server runs, or stop the server first.',
    );
    this.name = 'DataDirLockedError';
  }
}

export function lockPathFor(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.lock`);
}

export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

export function acquireDataDirLock(dataDir: string, holder: { command: string; url?: string }): DataDirLock {
  const lockPath = lockPathFor(dataDir);
  const me: LockHolder = { pid: process.pid, ...holder, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx'); // fails if the file exists: the atomic test-and-set
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return makeLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readLockHolder(dataDir);
      if (current && isAlive(current.pid) && current.pid !== process.pid) {
        throw new DataDirLockedError(path.resolve(dataDir), current);
      }
      // A lock left by a process that died (or a half-written one): take it over.
      try {
        unlinkSync(lockPath);
      } catch {
        /* another process removed it first; retry */
      }
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

function makeLock(lockPath: string): DataDirLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try {
      unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  };
  process.on('exit', release);
  return { path: lockPath, release };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
