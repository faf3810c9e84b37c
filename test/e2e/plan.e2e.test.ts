/**
 * End to end in Chromium: dinkes opens the funding plan page on the demo district, sees the plan the
 * command line computes (same people), changes a budget and sees the plan move, saves the plan and
 * downloads it as Excel.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freshDataDir, launchBrowser, runCli, startServer } from './support.ts';

const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

describe('funding plan page in Chromium', () => {
  const { env } = freshDataDir();
  let url: string;
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  let cliPeople: number;

  before(async () => {
    const demo = await runCli(['demo', '--scale', '0.01', '--seed', '7'], env);
    assert.equal(demo.code, 0, demo.stderr);
    const plan = await runCli(['plan', '--format', 'json'], env);
    assert.equal(plan.code, 0, plan.stderr);
    cliPeople = JSON.parse(plan.stdout).objective.people;
    ({ url, process: server } = await startServer(env));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'id-ID', acceptDownloads: true });
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  test('dinkes sees the same plan as the command line, and it moves with the budget', async () => {
    await page.goto(url);
    await page.getByLabel(/nama pengguna/i).fill('dinkes');
    await page.getByLabel(/kata sandi/i).fill('demo-dinkes');
    await page.getByRole('button', { name: /masuk/i }).click();
    await page.getByTestId('nav-plans').click();
    const people = page.getByTestId('plan-people');
    await people.waitFor();
    assert.equal(digits(await people.textContent()), cliPeople);
    if (process.env.PLAN_SCREENSHOT) await page.screenshot({ path: process.env.PLAN_SCREENSHOT, fullPage: true });
    await page.getByTestId('budget-APBD').fill('0');
    await page.waitForFunction((before) => {
      const text = document.querySelector('[data-testid="plan-people"]')?.textContent ?? '';
      return Number(text.replace(/\D/g, '')) !== before;
    }, cliPeople);
    assert.ok(digits(await people.textContent()) < cliPeople, 'no APBD money: fewer people');
  });

  test('a saved plan is listed and downloads as Excel', async () => {
    await page.getByLabel(/nama rencana/i).fill('Uji e2e');
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-list').getByText('Uji e2e').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('plan-list').getByRole('link', { name: 'Excel' }).first().click();
    const file = await download;
    assert.match(file.suggestedFilename(), /\.xlsx$/);
  });

  test('the proposer cannot approve; a second user (admin) approves, sends and downloads the BPJS file', async () => {
    const cases = page.locator('[data-testid^="plan-cases-"]').first();
    await cases.getByRole('button', { name: /setujui semua/i }).click();
    await cases.getByRole('alert').waitFor();
    assert.match((await cases.getByRole('alert').textContent()) ?? '', /sendiri/);
    await page.getByTestId('logout').click();
    await page.getByLabel(/nama pengguna/i).fill('admin');
    await page.getByLabel(/kata sandi/i).fill('demo-admin');
    await page.getByRole('button', { name: /masuk/i }).click();
    await page.getByTestId('nav-plans').click();
    const adminCases = page.locator('[data-testid^="plan-cases-"]').first();
    await adminCases.getByRole('button', { name: /setujui semua/i }).click();
    await adminCases.getByRole('button', { name: /terkirim/i }).waitFor();
    await adminCases.getByRole('button', { name: /terkirim/i }).click();
    await adminCases.getByText(/Terkirim \d/).waitFor();
    const download = page.waitForEvent('download');
    await page.locator('[data-testid^="bpjs-file-"]').first().click();
    assert.match((await download).suggestedFilename(), /pendaftaran-pbpu-pemda-rencana-\d+\.xlsx$/);
  });
});
