/**
 * The synthetic district of a bench run, generated once per scale and seed with the app's own
 * calibrated generator and kept in bench/out/ (git-ignored). A marker written last says the files are
 * complete and which generator sources made them, so a changed generator regenerates.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DemoFiles, type DemoSummary, generateDemoFiles } from '../../src/modules/demo/generate.ts';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(BENCH_DIR, 'out');
const DEMO_SOURCES = path.join(BENCH_DIR, '../src/modules/demo');

export interface BenchData {
  dir: string;
  files: DemoFiles;
  summary: DemoSummary;
  /** The current (newest) membership extract. */
  peserta: { dataPer: string; path: string; bytes: number; rows: number };
  penduduk: { path: string; bytes: number; rows: number };
}

interface Marker {
  fingerprint: string;
  files: DemoFiles;
  summary: DemoSummary;
}

/** The generator and its calibration; not its tests nor the demo import. */
const isGeneratorSource = (name: string) => /^(generate|calibration).*\.ts$/.test(name) && !name.endsWith('.test.ts');

async function generatorFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(DEMO_SOURCES)).filter(isGeneratorSource).sort()) {
    hash.update(name).update(await readFile(path.join(DEMO_SOURCES, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Paths inside the marker are relative, so bench/out can move with the checkout. */
function relocate(files: DemoFiles, from: string, to: string): DemoFiles {
  const move = (p: string) => path.join(to, path.relative(from, p));
  return { penduduk: move(files.penduduk), dtsen: move(files.dtsen), peserta: files.peserta.map((p) => ({ ...p, path: move(p.path) })) };
}

export async function benchData(scale: number, seed: number, log: (line: string) => void = () => {}): Promise<BenchData> {
  const dir = path.join(OUT_DIR, `demo-scale${scale}-seed${seed}`);
  const markerPath = path.join(dir, 'complete.json');
  const fingerprint = await generatorFingerprint();
  let marker: Marker | null = null;
  if (existsSync(markerPath)) {
    const stored = JSON.parse(await readFile(markerPath, 'utf8')) as Marker;
    if (stored.fingerprint === fingerprint) marker = { ...stored, files: relocate(stored.files, '.', dir) };
    else log(`generator changed since ${dir} was made: regenerating`);
  }
  if (!marker) {
    const tmp = `${dir}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(OUT_DIR, { recursive: true });
    const started = performance.now();
    let lastLog = 0;
    const { files, summary } = await generateDemoFiles({
      outDir: tmp,
      scale,
      seed,
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - lastLog > 5000) {
          lastLog = now;
          log(`generating scale ${scale}: ${Math.round((100 * done) / total)} %`);
        }
      },
    });
    await writeFile(
      path.join(tmp, 'complete.json'),
      JSON.stringify({ fingerprint, files: relocate(files, tmp, '.'), summary } satisfies Marker, null, 1),
    );
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    log(`generated scale ${scale} seed ${seed} in ${((performance.now() - started) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), dir)}`);
    marker = { fingerprint, files: relocate(files, tmp, dir), summary };
  }
  const { files, summary } = marker;
  const current = files.peserta.at(-1)!;
  const currentStats = summary.extracts.at(-1)!;
  return {
    dir,
    files,
    summary,
    peserta: { ...current, bytes: (await stat(current.path)).size, rows: currentStats.rows },
    penduduk: { path: files.penduduk, bytes: (await stat(files.penduduk)).size, rows: summary.residents },
  };
}
