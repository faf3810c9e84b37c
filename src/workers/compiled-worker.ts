/**
 * Worker threads load a precompiled bundle of their module (esbuild), not TypeScript compiled by tsx
 * as they start: a worker then starts in milliseconds, and no spare needs to be kept started ahead.
 * `npm run build` writes the bundles (scripts/build-workers.ts); one that is missing or older than any
 * of its sources is built again here before a worker starts (tests and `tsx` runs need no build step).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT_DIR = path.join(ROOT, 'dist', 'workers');

/** Every module that runs on a worker thread. */
export const WORKER_MODULES = [
  new URL('../modules/registry/row-load-worker.ts', import.meta.url),
  new URL('../modules/eligibility/mirror-worker.ts', import.meta.url),
];

/** dist/workers/<the module's path from the repository, `/` as `+`>.mjs; a module elsewhere (a test's) by a hash of its path. */
function outFile(module: URL): string {
  const source = fileURLToPath(module);
  const relative = path.relative(ROOT, source);
  const name = relative.startsWith('..') ? createHash('sha256').update(source).digest('hex').slice(0, 16) : relative.split(path.sep).join('+');
  return path.join(OUT_DIR, `${name.replace(/\.ts$/, '')}.mjs`);
}

/** Bundles `module` with its own sources (packages stay imports); writes the bundle and the list of its inputs. */
export function compileWorker(module: URL): string {
  const out = outFile(module);
  mkdirSync(OUT_DIR, { recursive: true });
  const result = buildSync({
    entryPoints: [fileURLToPath(module)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    metafile: true,
    write: false,
    outfile: out,
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile!.inputs).map((input) => path.resolve(ROOT, input));
  // Written under another name, then renamed: a process starting a worker meanwhile never reads half a file.
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  writeFileSync(`${out}.inputs.json`, JSON.stringify(inputs));
  renameSync(temporary, out);
  return out;
}

function isFresh(out: string): boolean {
  try {
    const builtAt = statSync(out).mtimeMs;
    const inputs = JSON.parse(readFileSync(`${out}.inputs.json`, 'utf8')) as string[];
    return inputs.every((input) => statSync(input).mtimeMs <= builtAt);
  } catch {
    return false; // not built, or a source gone
  }
}

/** The bundle of `module`, built first if it is missing or older than a source (a few file stats). */
export function compiledWorker(module: URL): URL {
  const out = outFile(module);
  const url = pathToFileURL(isFresh(out) ? out : compileWorker(module));
  // Its build time in the URL: a worker started after a rebuild in this process loads the new bundle.
  url.search = String(statSync(out).mtimeMs);
  return url;
}
