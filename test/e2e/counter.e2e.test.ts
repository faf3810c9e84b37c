/**
 * End to end in Chromium: the front desk checks an inactive PBI member by keyboard alone and gets the
 * district guarantee and a case; Dinas Sosial finds that case on its worklist and starts work on it; a
 * resident checks their own status on the public page.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openApp } from '../../src/app/context.ts';
import { maskNik } from '../../src/domain/nik.ts';
import { freshDataDir, launchBrowser, runCli, startServer } from './support.ts';

/**
 * A living resident whose PBI APBN membership was switched off and who is in DTSEN desil 1–5: the rules
 * route them to Dinas Sosial for PBI reactivation (src/domain/eligibility.ts).
 */
async function findPbiReactivationResident(dataDir: string): Promise<{ nik: string; noKk: string }> {
  const app = await openApp({ databaseUrl: null, dataDir });
  try {
    const current = (source: string) => `(SELECT batch_id FROM source_state WHERE district_code = r.district_code AND source = '${source}')`;
    const [row] = await app.db.query<{ nik: string; noKk: string }>(
      `SELECT r.nik, r.no_kk AS "noKk" FROM resident r
       JOIN member m ON m.district_code = r.district_code AND m.batch_id = ${current('peserta')} AND m.nik = r.nik
       JOIN welfare w ON w.district_code = r.district_code AND w.batch_id = ${current('dtsen')} AND w.nik = r.nik
       WHERE r.batch_id = ${current('penduduk')} AND r.status = 'HIDUP'
         AND m.segmen = 'PBI_APBN' AND m.status = 'NONAKTIF' AND m.alasan_nonaktif = 'PBI_DINONAKTIFKAN' AND w.desil <= 5
       ORDER BY r.nik LIMIT 1`,
    );
    assert.ok(row, 'the demo district has an inactive PBI member in desil 1–5');
    return row;
  } finally {
    await app.close();
  }
}

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe('counter check, worklist and self-check in Chromium', () => {
  const { dataDir, env } = freshDataDir();
  let url: string;
  let server: ChildProcess;
  let browser: Browser;
  let resident: { nik: string; noKk: string };
  let caseId: string;

  before(async () => {
    const demo = await runCli(['demo', '--scale', '0.01', '--seed', '11'], env);
    assert.equal(demo.code, 0, demo.stderr);
    resident = await findPbiReactivationResident(dataDir);
    ({ url, process: server } = await startServer(env));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  test('the desk checks a NIK by keyboard alone: a malformed one never leaves the page, an inactive PBI member is served with a case', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    const page = await context.newPage();
    const checks: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/eligibility/')) checks.push(request.url());
    });
    await page.goto(url);
    await page.getByTestId('login-username').focus();
    await page.keyboard.type('puskesmas');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-puskesmas');
    await page.keyboard.press('Enter');

    // the desk's home is the counter, with the cursor in the NIK field
    await page.waitForURL(/#\/loket$/);
    const field = page.getByTestId('nik-input');
    await field.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'nik-input');

    // month 13: the reason shows as soon as the month is typed, and Enter does not ask the server
    await page.keyboard.type('5203019913890001');
    const message = page.getByTestId('nik-input-message');
    await message.filter({ hasText: /bulan lahir pada NIK \(13\) bukan 01–12/i }).waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await page.keyboard.press('Enter');
    // too short: Enter says why
    await page.keyboard.press('Escape');
    assert.equal(await field.inputValue(), '');
    assert.equal(await activeTestId(page), 'nik-input');
    await page.keyboard.type('52030');
    await page.keyboard.press('Enter');
    await message.filter({ hasText: 'NIK harus tepat 16 angka (terisi 5 karakter)' }).waitFor();
    await page.waitForTimeout(500);
    assert.deepEqual(checks, [], 'no malformed NIK reached the server');

    // Escape clears, the real NIK and Enter check it
    await page.keyboard.press('Escape');
    await page.keyboard.type(resident.nik);
    await page.keyboard.press('Enter');
    const result = page.getByTestId('counter-result');
    await result.waitFor();
    assert.equal(checks.length, 1);
    assert.equal(await result.getAttribute('data-served'), 'true');
    assert.equal(await result.getAttribute('data-basis'), 'JAMINAN_PEMDA');
    const verdict = (await page.getByTestId('counter-verdict').textContent()) ?? '';
    assert.match(verdict, /DILAYANI/);
    assert.match(verdict, /Dijamin Pemda/);
    const next = (await page.getByTestId('counter-next-step').textContent()) ?? '';
    assert.match(next, /Reaktivasi PBI/);
    assert.match(next, /Dinas Sosial/);
    const caseNumber = page.getByTestId('counter-case-number');
    caseId = (await caseNumber.getAttribute('data-case-id')) ?? '';
    assert.match(caseId, /^[0-9a-f-]{36}$/);
    assert.equal(await caseNumber.textContent(), caseId.slice(0, 8).toUpperCase());

    // the printable slip names the case and only the masked NIK
    const slip = (await page.getByTestId('print-slip').textContent()) ?? '';
    assert.ok(slip.includes(maskNik(resident.nik)), slip);
    assert.ok(slip.includes(caseId.slice(0, 8).toUpperCase()), slip);
    assert.ok(!slip.includes(resident.nik), 'the slip never shows the whole NIK');
    assert.ok(((await page.getByTestId('recent-checks').textContent()) ?? '').includes(maskNik(resident.nik)));

    // Tab reaches the check button, the print button and "new check"; Enter on it starts over
    await page.keyboard.press('Tab');
    assert.equal(await activeTestId(page), 'counter-submit');
    await page.keyboard.press('Tab');
    assert.equal(await activeTestId(page), 'counter-print');
    await page.keyboard.press('Tab');
    assert.equal(await activeTestId(page), 'counter-new');
    await page.keyboard.press('Enter');
    assert.equal(await field.inputValue(), '');
    assert.equal(await activeTestId(page), 'nik-input');
    assert.equal(await result.count(), 0);
    await context.close();
  });

  test('Dinas Sosial finds that case at the top of its worklist and starts work on it', async () => {
    assert.ok(caseId, 'the counter test opened a case');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('login-username').fill('dinsos');
    await page.getByTestId('login-password').fill('demo-dinsos');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-cases').click();
    const row = page.getByTestId(`case-row-${caseId}`);
    await row.waitFor();
    const order = await page.locator('[data-testid^="case-row-"]').evaluateAll((rows) => rows.map((each) => each.getAttribute('data-testid')));
    assert.ok(order.indexOf(`case-row-${caseId}`) < 5, `case near the top: ${order.join(', ')}`);
    const text = (await row.textContent()) ?? '';
    for (const expected of [maskNik(resident.nik), 'Reaktivasi PBI', 'Dalam tenggat', 'puskesmas', '52030701', 'Baru']) {
      assert.ok(text.includes(expected), `"${expected}" in "${text}"`);
    }

    await row.getByRole('button', { name: caseId.slice(0, 8).toUpperCase() }).click();
    const drawer = page.getByTestId('case-drawer');
    await drawer.getByTestId('case-history').waitFor();
    await drawer.getByTestId('case-note').fill('Surat keterangan berobat diterima; diusulkan lewat SIKS-NG');
    await drawer.getByTestId('case-move-in_progress').click();
    await drawer.locator('[data-testid="case-status"][data-status="in_progress"]').waitFor();
    assert.match((await drawer.getByTestId('case-history').textContent()) ?? '', /diusulkan lewat SIKS-NG/);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    // The worklist is read again after the move; wait for the row to show it rather than read it at once.
    await row.getByText('Diproses').first().waitFor({ timeout: 10_000 });
    assert.match((await row.textContent()) ?? '', /Diproses/);
    await context.close();
  });

  test('a resident checks their own status with NIK and family card number, and a wrong number gets no hint', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('self-check-link').click();
    await page.waitForURL(/#\/cek-mandiri$/);
    await page.getByTestId('self-nik').fill(resident.nik);
    // Typed as people write it, in groups.
    await page.getByTestId('self-kk').fill(resident.noKk.replace(/(\d{4})(?=\d)/g, '$1 '));
    await page.getByTestId('self-submit').click();
    const answer = page.locator('[data-testid="self-result"][data-matched="true"]');
    await answer.waitFor();
    assert.equal(await answer.getAttribute('data-membership'), 'NONAKTIF');
    assert.match((await page.getByTestId('self-advice').textContent()) ?? '', /reaktivasi PBI/);

    // Another number of the right length: the same "no match" as for a NIK that does not exist.
    const wrong = `${resident.noKk.slice(0, 15)}${(Number(resident.noKk[15]) + 1) % 10}`;
    await page.getByTestId('self-kk').fill(wrong);
    await page.getByTestId('self-submit').click();
    const refused = page.locator('[data-testid="self-result"][data-matched="false"]');
    await refused.waitFor();
    const words = (await refused.textContent()) ?? '';
    assert.match(words, /Data tidak cocok/);
    assert.doesNotMatch(words, /Nomor KK salah|NIK salah|tidak terdaftar/i);
    await context.close();
  });
});
