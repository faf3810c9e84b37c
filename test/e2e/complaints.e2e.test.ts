/**
 * End to end in Chromium: a resident files an anonymous complaint on the public page (on a phone) and
 * follows it by tracking code; Dinas Kesehatan assigns it to the facility, the facility starts on it and
 * writes to the complainant; the SLA lapses on the test clock (the server restarted with
 * SMART_JKN_TEST_CLOCK_OFFSET_MS under NODE_ENV=test); the escalation job moves it to the head of Dinas
 * Kesehatan and the facility sees the notification; an officer resolves it and the resident rates it.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openApp } from '../../src/app/context.ts';
import { addUser } from '../../src/modules/access/index.ts';
import { freshDataDir, launchBrowser, startServer } from './support.ts';

const FACILITY = 'PKM-E2E';
const DAY = 86_400_000;

async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

async function logIn(context: BrowserContext, url: string, username: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-submit').waitFor({ state: 'detached' });
  return page;
}

describe('complaints in Chromium', () => {
  const { dataDir, env } = freshDataDir();
  const testEnv = { ...env, NODE_ENV: 'test', SMART_JKN_ESCALATION_INTERVAL_MS: '500' };
  let url: string;
  let server: ChildProcess;
  let browser: Browser;
  let trackingCode = '';
  let resident: Page;
  let officer: Page;
  let facility: Page;

  before(async () => {
    const app = await openApp({ databaseUrl: null, dataDir });
    try {
      const districtCode = app.district.district.code;
      const builder = { userId: null, username: 'e2e', role: null, ip: null, via: 'cli' as const };
      await addUser(app.db, { username: 'kadinkes', password: 'password-kadinkes', role: 'dinkes', facilityCode: null, districtCode }, builder);
      await addUser(app.db, { username: 'pkm-e2e', password: 'password-pkm-e2e', role: 'faskes', facilityCode: FACILITY, districtCode }, builder);
    } finally {
      await app.close();
    }
    ({ url, process: server } = await startServer(testEnv));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (server) await stopServer(server);
  });

  test('1–2. a resident files an anonymous complaint on a phone and follows it by tracking code', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'id-ID', isMobile: true, hasTouch: true });
    resident = await phone.newPage();
    await resident.goto(`${url}/#/pengaduan`);
    await resident.getByTestId('complaint-form').waitFor();
    assert.match(await resident.locator('h1').innerText(), /pengaduan/i, 'Bahasa Indonesia first');
    // Anonymous by default: the box is unticked and no contact field is shown.
    assert.equal(await resident.getByTestId('complaint-share').isChecked(), false);
    assert.equal(await resident.getByTestId('complaint-name').count(), 0);
    // It fits a 390 px phone: nothing scrolls sideways.
    assert.ok(await resident.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scroll at 390 px');

    // Submitting empty names what is missing and sends nothing.
    await resident.getByTestId('complaint-submit').click();
    assert.equal(await resident.locator('[aria-invalid="true"]').count(), 2);

    await resident.getByTestId('complaint-category').selectOption('DITOLAK');
    await resident.getByTestId('complaint-facility').fill(FACILITY);
    await resident.getByTestId('complaint-description').fill('Ibu saya ditolak di IGD karena kartu BPJS tertinggal.');
    const sent = resident.waitForResponse((r) => r.url().endsWith('/api/v1/complaints') && r.request().method() === 'POST');
    await resident.getByTestId('complaint-submit').click();
    const body = JSON.parse((await (await sent).request().postData()) ?? '{}');
    assert.equal(body.shareIdentity, false);
    assert.equal(body.contact, undefined, 'no contact leaves the phone');
    trackingCode = (await resident.getByTestId('tracking-code').innerText()).trim();
    assert.match(trackingCode, /^JKN-\w{4}-\w{4}-\w{2}$/);

    await resident.getByTestId('go-track').click();
    await resident.getByTestId('track-result').waitFor();
    assert.equal(await resident.getByTestId('track-status').innerText(), 'Diterima');
    assert.equal(await resident.getByTestId('complaint-sla').getAttribute('data-sla'), 'HIJAU');
    assert.ok(await resident.evaluate(() => document.documentElement.scrollWidth <= 390));
  });

  test('3. Dinas Kesehatan assigns it to the facility; the facility starts on it and asks the complainant', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    officer = await logIn(desk, url, 'kadinkes', 'password-kadinkes');
    await officer.goto(`${url}/#/meja-pengaduan`);
    const row = officer.locator(`[data-testid="complaint-row"][data-tracking="${trackingCode}"]`);
    await row.waitFor();
    await row.getByTestId('complaint-pick').check();
    await officer.getByTestId('bulk-facility').fill(FACILITY);
    await officer.getByTestId('bulk-submit').click();
    await officer.locator(`[data-testid="complaint-row"][data-tracking="${trackingCode}"][data-status="assigned"]`).waitFor();
    await row.getByTestId('complaint-open').click();
    assert.match(await officer.getByTestId('panel-identity').innerText(), /Anonim/);

    const own = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    facility = await logIn(own, url, 'pkm-e2e', 'password-pkm-e2e');
    await facility.goto(`${url}/#/meja-pengaduan`);
    const mine = facility.locator(`[data-testid="complaint-row"][data-tracking="${trackingCode}"]`);
    await mine.waitFor();
    await mine.getByTestId('complaint-open').click();
    await facility.getByTestId('complaint-panel').waitFor();
    assert.match(await facility.getByTestId('panel-description').innerText(), /ditolak di IGD/);
    assert.equal(await facility.getByTestId('panel-identity').count(), 0, 'a facility never sees an identity field');
    await facility.getByTestId('move-in_progress').click();
    await facility.locator('[data-testid="complaint-panel"][data-status="in_progress"]').waitFor();
    await facility.getByTestId('panel-message').fill('Mohon maaf. Jam berapa Ibu datang ke IGD?');
    await facility.getByTestId('panel-send').click();
    await facility.getByText('Jam berapa Ibu datang').waitFor();

    await resident.reload();
    await resident.getByTestId('track-messages').getByText('Jam berapa Ibu datang').waitFor();
    assert.ok(!(await resident.getByTestId('track-messages').innerText()).includes('pkm-e2e'), 'the staff member is not named');
    assert.equal(await resident.getByTestId('track-status').innerText(), 'Sedang ditangani');
  });

  test('4–5. the SLA lapses on the test clock; the complaint escalates to the head of Dinas Kesehatan and the facility is told', async () => {
    await stopServer(server);
    // Ten days on: a one-working-day SLA has lapsed whatever the holidays.
    ({ url, process: server } = await startServer({ ...testEnv, SMART_JKN_TEST_CLOCK_OFFSET_MS: String(10 * DAY) }));
    await facility.goto(`${url}/#/meja-pengaduan`);
    await facility.getByTestId('complaint-notifications').getByText(/dieskalasi/).waitFor({ timeout: 15_000 });
    const mine = facility.locator(`[data-testid="complaint-row"][data-tracking="${trackingCode}"]`);
    await mine.waitFor();
    assert.equal(await mine.getAttribute('data-status'), 'escalated');
    assert.equal(await mine.getByTestId('complaint-sla').getAttribute('data-sla'), 'MERAH');

    await officer.goto(`${url}/#/meja-pengaduan`);
    await officer.getByTestId('filter-escalated').check();
    const row = officer.locator(`[data-testid="complaint-row"][data-tracking="${trackingCode}"]`);
    await row.waitFor();
    await row.getByTestId('complaint-open').click();
    await officer.getByTestId('panel-escalated').waitFor();

    await resident.goto(`${url}/#/lacak/${trackingCode}`);
    await resident.getByTestId('track-result').waitFor();
    assert.equal(await resident.getByTestId('track-status').innerText(), 'Dieskalasi');
    assert.equal(await resident.getByTestId('complaint-sla').getAttribute('data-sla'), 'MERAH');
  });

  test('6. the head of Dinas Kesehatan resolves it and the resident rates it', async () => {
    await officer.getByTestId('panel-resolution').fill('Petugas IGD ditegur; kartu tidak wajib bila NIK terdaftar.');
    await officer.getByTestId('panel-resolve').click();
    await officer.locator('[data-testid="complaint-panel"][data-status="resolved"]').waitFor();

    await resident.reload();
    await resident.getByTestId('track-rating').waitFor();
    await resident.getByTestId('rate-4').click();
    await resident.getByTestId('rate-submit').click();
    await resident.getByTestId('track-rated').waitFor();
    assert.equal(await resident.getByTestId('track-status').innerText(), 'Ditutup');
  });
});
