/** Progress bars on standard error (silent when it is not a terminal). */
import cliProgress from 'cli-progress';
import type { DemoStep } from '../modules/demo/index.ts';
import type { ImportProgress } from '../modules/registry/index.ts';

const MB = 1024 * 1024;

const describeImport = (label: string) => (p: ImportProgress) =>
  `${label}: ${p.totalBytes ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 0}% (${p.rows} rows read)`;

export function importProgressBar(label: string) {
  if (!process.stderr.isTTY) return progressLines(describeImport(label.trim()));
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

/**
 * Without a terminal (logs, cron, CI): a plain line at most once a second, and where the step ended,
 * so a step shorter than a second does not stay at its first line ("0%") in the log.
 */
export function progressLines<T>(describe: (value: T) => string, write: (line: string) => unknown = (line) => process.stderr.write(line)) {
  let last = 0;
  let latest: T | null = null;
  let shown: T | null = null;
  const show = (value: T) => {
    shown = value;
    write(`${describe(value)}\n`);
  };
  return {
    update: (value: T) => {
      latest = value;
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      show(value);
    },
    stop: () => {
      if (latest !== null && latest !== shown) show(latest);
      latest = shown = null;
    },
  };
}

function generateProgress() {
  if (!process.stderr.isTTY) return progressLines((step: DemoStep) => `generate: ${step.done ?? 0}/${step.total} residents`);
  const bar = new cliProgress.SingleBar(
    { format: 'generate [{bar}] {percentage}% | {value}/{total} residents', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (step: DemoStep) => {
      if (!started) bar.start(step.total ?? 0, step.done ?? 0);
      else bar.update(step.done ?? 0);
      started = true;
    },
    stop: () => bar.stop(),
  };
}

export function demoProgress() {
  let current: ReturnType<typeof importProgressBar> | null = null;
  let currentKey = '';
  let generate: { update(step: DemoStep): void; stop(): void } | null = null;
  const stop = () => {
    current?.stop();
    generate?.stop();
    current = null;
    generate = null;
  };
  return {
    update: (step: DemoStep) => {
      if (step.step === 'generate' && step.total) {
        generate ??= generateProgress();
        generate.update(step);
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
