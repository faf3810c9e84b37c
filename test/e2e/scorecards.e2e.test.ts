/**
 * End to end in Chromium: Dinas Kesehatan opens the facility scorecards of the demo district (ranking,
 * KBK traffic lights, kecamatan), the Puskesmas login sees only its own facility, and the CLI's
 * contract JSON names the same facilities.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { freshDataDir, launchBrowser, runCli, startServer } from './support.ts';

describe('facility scorecards in Chromium', () => {
  const { env } = freshDataDir();
  let url: string;
  let server: ChildProcess;
  let browser: Browser;
  let cards: { month: string; rows: { kode: string; nama: string }[] };

  before(async () => {
    const demo = await runCli(['demo', '--scale', '0.01', '--seed', '7'], env);
    assert.equal(demo.code, 0, demo.stderr);
    const cli = await runCli(['report', 'scorecard', '--month', '2025-05', '--format', 'json'], env);
    assert.equal(cli.code, 0, cli.stderr);
    cards = JSON.parse(cli.stdout);
    ({ url, process: server } = await startServer(env));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  const login = async (username: string, password: string) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByLabel(/nama pengguna/i).fill(username);
    await page.getByLabel(/kata sandi/i).fill(password);
    await page.getByRole('button', { name: /masuk/i }).click();
    await page.getByRole('navigation').getByText('Rapor faskes').waitFor();
    await page.goto(`${url}/#/rapor-faskes`);
    await page.getByTestId('scorecard-table').waitFor({ timeout: 30_000 });
    return { page, context };
  };

  test('Dinas Kesehatan sees every FKTP of the month with its KBK lights, the kecamatan ranking and the downloads', async () => {
    assert.ok(cards.rows.length >= 40, `${cards.rows.length} FKTP in the contract JSON`);
    const { page, context } = await login('dinkes', 'demo-dinkes');
    const rows = await page.getByTestId('scorecard-table').locator('tbody tr').count();
    assert.equal(rows, cards.rows.length);
    assert.ok((await page.locator('.kbk-light[data-state="met"]').count()) > 0);
    assert.ok((await page.locator('.kbk-light[data-state="missed"]').count()) > 0);
    assert.equal(await page.getByTestId('scorecard-kecamatan').locator('tbody tr').count(), 21);
    assert.match((await page.textContent('body')) ?? '', /Puskesmas Selong/);
    const href = await page.getByTestId('scorecard-evaluation').getAttribute('href');
    const pdf = await page.request.get(`${url}${href}`);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await context.close();
  });

  test('the Puskesmas login sees only its own facility, and no evaluation of the others', async () => {
    const { page, context } = await login('puskesmas', 'demo-puskesmas');
    const table = page.getByTestId('scorecard-table');
    assert.equal(await table.locator('tbody tr').count(), 1);
    assert.equal(await table.locator('tbody tr').first().getAttribute('data-kode'), '52030701');
    assert.equal(await page.getByTestId('scorecard-evaluation').count(), 0);
    assert.equal(await page.getByTestId('scorecard-kecamatan').count(), 0);
    await context.close();
  });
});
