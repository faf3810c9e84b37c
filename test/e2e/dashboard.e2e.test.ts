/**
 * End to end in Chromium, as a new user: the demo district built by the CLI, the real `serve`
 * command, log in, and find on the dashboard the same figures as the CLI report.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freshDataDir, launchBrowser, runCli, startServer } from './support.ts';

const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

describe('dashboard in Chromium', () => {
  const { dataDir, env } = freshDataDir();
  let url: string;
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  /** What the browser refused under the server's Content-Security-Policy, on any page of the test. */
  const refusedByCsp: string[] = [];
  const watchCsp = (p: Page) =>
    p.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refusedByCsp.push(`${p.url()}: ${message.text()}`);
    });
  let report: {
    asOf: string;
    total: { population: number; registered: number; active: number };
    rows: { code: string; name: string; population: number; active: number }[];
    uhcAward: { category: string; next: string | null; activationsNeeded: number | null };
  };

  before(async () => {
    const demo = await runCli(['demo', '--scale', '0.01', '--seed', '7'], env);
    assert.equal(demo.code, 0, demo.stderr);
    const cli = await runCli(['report', 'coverage', '--level', 'kecamatan', '--format', 'json'], env);
    assert.equal(cli.code, 0, cli.stderr);
    report = JSON.parse(cli.stdout);

    ({ url, process: server } = await startServer(env));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'id-ID' });
    watchCsp(page);
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  test('logging in with a wrong password shows an error and no dashboard', async () => {
    await page.goto(url);
    await page.getByLabel(/nama pengguna/i).fill('dinkes');
    await page.getByLabel(/kata sandi/i).fill('salah-sandi');
    await page.getByRole('button', { name: /masuk/i }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByTestId('headline-population').count(), 0);
  });

  test('the dashboard shows the CLI report figures', async () => {
    await page.getByLabel(/kata sandi/i).fill('demo-dinkes');
    await page.getByRole('button', { name: /masuk/i }).click();
    const population = page.getByTestId('headline-population');
    await population.waitFor();
    assert.equal(digits(await population.textContent()), report.total.population);
    assert.equal(digits(await page.getByTestId('headline-registered').textContent()), report.total.registered);
    assert.equal(digits(await page.getByTestId('headline-active').textContent()), report.total.active);
    const category = (await page.getByTestId('uhc-category').textContent()) ?? '';
    const expected = { UTAMA: /utama/i, MADYA: /madya/i, PRATAMA: /pratama/i, NONE: /belum/i }[report.uhcAward.category as 'NONE'];
    assert.match(category, expected);
    if (report.uhcAward.activationsNeeded !== null) {
      assert.equal(digits(await page.getByTestId('uhc-activations-needed').textContent()), report.uhcAward.activationsNeeded);
    }
    for (const row of report.rows) {
      const text = (await page.getByTestId(`area-row-${row.code}`).textContent()) ?? '';
      assert.ok(text.includes(row.name), `${row.code} row names ${row.name}`);
      assert.ok(text.includes(row.population.toLocaleString('id-ID')), `${row.name}: population ${row.population} in "${text}"`);
    }
  });

  test('clicking a kecamatan drills down to its desa', async () => {
    const first = report.rows[0];
    await page.getByTestId(`area-row-${first.code}`).getByText(first.name).click();
    const desaRow = page.locator(`[data-testid^="area-row-${first.code}."]`).first();
    await desaRow.waitFor();
    assert.ok((await page.locator(`[data-testid^="area-row-${first.code}."]`).count()) > 1);
  });

  test('the interface switches to English', async () => {
    await page.getByRole('button', { name: /english|EN/ }).first().click();
    await page.getByText(/Population|Active rate/).first().waitFor();
    // The charts drew under the CSP (ECharts, inline styles, Vite's assets).
    assert.ok((await page.locator('canvas').count()) > 0);
    assert.deepEqual(refusedByCsp, []);
  });

  test('an admin uploads a bad file and sees every rejected row, in Indonesian', async () => {
    const context = await browser.newContext({ locale: 'id-ID' });
    const admin = await context.newPage();
    await admin.goto(url);
    await admin.getByLabel(/nama pengguna/i).fill('admin');
    await admin.getByLabel(/kata sandi/i).fill('demo-admin');
    await admin.getByRole('button', { name: /masuk/i }).click();
    await admin.getByTestId('headline-population').waitFor();
    await admin.goto(`${url}/#/impor`);
    const bad = path.join(path.dirname(dataDir), 'buruk.csv');
    writeFileSync(
      bad,
      'nik,desil,miskin_ekstrem\n5203010101900001,3,N\n5203019901900002,3,N\n5203010101900003,11,N\n',
    );
    await admin.getByTestId('import-source-dtsen').check();
    await admin.getByTestId('import-file').setInputFiles(bad);
    await admin.getByTestId('import-submit').click();
    await admin.getByText(/bukan desil 1–10/).waitFor({ timeout: 30_000 });
    const body = (await admin.textContent('body')) ?? '';
    assert.match(body, /tanggal lahir pada NIK \(99\) tidak sah/);
    await context.close();
  });

  test('an admin ends a session on the users page, and that user is logged out at once', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'id-ID' });
    const admin = await context.newPage();
    watchCsp(admin);
    await admin.goto(url);
    await admin.getByLabel(/nama pengguna/i).fill('admin');
    await admin.getByLabel(/kata sandi/i).fill('demo-admin');
    await admin.getByRole('button', { name: /masuk/i }).click();
    await admin.getByTestId('headline-population').waitFor();
    await admin.goto(`${url}/#/pengguna`);
    await admin.getByTestId('user-sessions-dinkes').click();
    // dinkes logged in once, in the tests above.
    const ends = admin.locator('[data-testid^="session-end-"]:not([data-testid="session-end-all"])');
    await ends.first().waitFor();
    assert.equal(await ends.count(), 1);
    await ends.first().click();
    await admin.getByText('1 sesi diakhiri.').waitFor();
    await admin.getByText('Tidak ada sesi aktif.').waitFor();
    await page.reload();
    await page.getByTestId('login-password').waitFor();
    assert.equal(await page.getByTestId('headline-population').count(), 0);
    assert.deepEqual(refusedByCsp, []);
    await context.close();
  });
});
