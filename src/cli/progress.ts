/** Progress bars on standard error (silent when it is not a terminal). */
import cliProgress from 'cli-progress';
import type { DemoStep } from '../modules/demo/create-demo.ts';
import type { ImportProgress } from '../modules/registry/import-file.ts';

const MB = 1024 * 1024;

export function importProgressBar(label: string) {
  if (!process.stderr.isTTY) return progressLines(label.trim());
  const bar = new cliProgress.SingleBar(
    {
      format: `${label}[{bar}] {percentage}% | {value}/{total} MB | {rows} rows | {duration_formatted}`,
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p: ImportProgress) => {
      const total = Math.max(1, Math.round(p.totalBytes / MB));
      const value = Math.min(total, Math.round(p.bytesRead / MB));
      if (!started) {
        bar.start(total, value, { rows: p.rows });
        started = true;
      } else bar.update(value, { rows: p.rows });
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Without a terminal (logs, cron, CI): a plain line at most once a second. */
function progressLines(label: string) {
  let last = 0;
  return {
    update: (p: ImportProgress) => {
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      const percent = p.totalBytes ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 0;
      process.stderr.write(`${label}: ${percent}% (${p.rows} rows read)\n`);
    },
    stop: () => undefined,
  };
}

export function demoProgress() {
  let current: ReturnType<typeof importProgressBar> | null = null;
  let currentKey = '';
  let generate: cliProgress.SingleBar | null = null;
  const stop = () => {
    current?.stop();
    generate?.stop();
    current = null;
    generate = null;
  };
  return {
    update: (step: DemoStep) => {
      if (step.step === 'generate' && step.total) {
        if (!generate) {
          generate = new cliProgress.SingleBar(
            { format: 'generate [{bar}] {percentage}% | {value}/{total} desa', stream: process.stderr, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          generate.start(step.total, step.done ?? 0);
        } else generate.update(step.done ?? 0);
        return;
      }
      if (step.step === 'import' && step.progress) {
        const key = `${step.source}:${step.progress.totalBytes}`;
        if (key !== currentKey) {
          stop();
          currentKey = key;
          current = importProgressBar(`${step.source} `.padEnd(9));
        }
        current!.update(step.progress);
      }
    },
    stop,
  };
}
