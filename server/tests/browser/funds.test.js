// Partner funds and assistance in the browser: a supervisor records money in for Baznas, issues
// an emergency letter through the decision panel, records help against it from the letter's
// page, sees the partner's balance fall by that amount, and sees a refusal's reason when the help
// is dated before the letter's first day (and no day after today can be picked).
'use strict';

const assert = require('node:assert/strict');
const { BASE, check, shot, signIn } = require('./support');

/** The letter issued by the second check. */
const letter = { number: '' };

/** The balance shown for partner `name` on the funds page. */
async function balanceOf(page, name) {
  await page.goto(BASE + '/office/funds');
  const row = page.locator('#balances tr', { has: page.getByRole('link', { name }) });
  return (await row.locator('td.balance').innerText()).trim();
}

/** A date `days` from today, as a date input holds it. */
function daysFromToday(days) {
  const d = new Date(Date.now() + 7 * 3600 * 1000 + days * 86400 * 1000);
  return d.toISOString().slice(0, 10);
}

check('a supervisor records money in for a partner and its balance shows it', async (page) => {
  await signIn(page, 'sri');
  await page.getByRole('link', { name: 'Dana mitra' }).click();
  const before = await balanceOf(page, 'Baznas');
  assert.equal(before, 'Rp 0');
  await page.getByRole('link', { name: 'Baznas' }).click();
  await page.getByLabel('Jumlah (Rp)').first().fill('2.000.000');
  await page.getByLabel('Sumber', { exact: true }).fill('Zakat ASN');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan', exact: true }).click()]);
  assert.equal((await page.locator('#partner-balance').innerText()).trim(), 'Rp 2.000.000');
  assert.match(await page.locator('#entries').innerText(), /Zakat ASN/);
  await shot(page, 'funds-partner');
  assert.equal(await balanceOf(page, 'Baznas'), 'Rp 2.000.000');
  await shot(page, 'funds-overview');
});

check('help is recorded against a letter made through the pages and the balance falls', async (page) => {
  await signIn(page, 'sri', undefined, '/office/visits?kind=visit');
  await page.locator('#queue tr[data-record] a').first().click();
  await page.getByLabel('Terbitkan surat rekomendasi darurat (jalur c)').check();
  await page.locator('#mayor_ref').fill('WK/12/2026');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan keputusan' }).click()]);
  assert.match(page.url(), /\/office\/documents\/REK-\d{4}-\d{6}$/);
  letter.number = page.url().split('/').pop();
  await page.getByRole('link', { name: 'Catat bantuan dengan dokumen ini' }).click();
  assert.match(await page.locator('#ranges').innerText(), /Rp 1\.000\.000 – Rp 1\.500\.000/);
  await page.getByLabel('Jenis bantuan').selectOption('emergency');
  await page.getByLabel('Jumlah (Rp)').fill('500.000');
  await page.getByLabel('Dana mitra').selectOption({ label: 'Baznas' });
  await shot(page, 'assistance-form');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan bantuan' }).click()]);
  assert.match(page.url(), /\/office\/assistance\?household=/);
  const row = page.locator('#assistance tr[data-id]');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), new RegExp(`Darurat[\\s\\S]*Rp 500\\.000[\\s\\S]*Baznas[\\s\\S]*${letter.number}`));
  await shot(page, 'assistance-list');
  assert.equal(await balanceOf(page, 'Baznas'), 'Rp 1.500.000');
  await shot(page, 'funds-after-assistance');
});

check('help dated before the letter was issued is refused with the reason, and nothing is paid', async (page) => {
  await signIn(page, 'sri', undefined, `/office/documents/${letter.number}/assistance`);
  const given = page.getByLabel('Tanggal diberikan');
  assert.equal(await given.getAttribute('max'), daysFromToday(0), 'no day after today can be picked');
  await page.getByLabel('Jenis bantuan').selectOption('emergency');
  await page.getByLabel('Jumlah (Rp)').fill('300.000');
  await given.fill(daysFromToday(-1));
  await page.getByLabel('Dana mitra').selectOption({ label: 'Baznas' });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan bantuan' }).click()]);
  assert.match(await page.locator('p.error').innerText(), /baru berlaku mulai \d{4}-\d{2}-\d{2}/);
  await shot(page, 'assistance-refused');
  assert.equal(await balanceOf(page, 'Baznas'), 'Rp 1.500.000');
});
