// Casework in the browser: a supervisor makes a referral from a visit page and moves it through
// its statuses (a future date refused on the way), takes a complaint at the desk (a bad NIK
// refused), finds the family in the registry and links it, and makes it a visit task; a peksos
// reads the referrals without the forms, and a volunteer is refused.
'use strict';

const assert = require('node:assert/strict');
const { BASE, check, shot, signIn, status } = require('./support');

/** The day `ago` days before today in Payakumbuh (WIB), as YYYY-MM-DD. */
function daysAgo(ago) {
  return new Date(Date.now() + 7 * 3600e3 - ago * 86400e3).toISOString().slice(0, 10);
}

/** Opens the second visit of the queue (the first is the decision checks' own). */
async function openVisit(page) {
  await page.goto(BASE + '/office/visits?kind=visit');
  await Promise.all([page.waitForNavigation(), page.locator('#queue tr[data-record] a').nth(1).click()]);
}

/** Moves the referral shown to `label` on `on`, with `note`. */
async function step(page, label, on, note = '') {
  await page.getByLabel('Status berikutnya').selectOption({ label });
  await page.getByLabel('Tanggal terjadinya').fill(on);
  await page.getByLabel(/^Catatan \(wajib/).fill(note);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan status' }).click()]);
}

check('a supervisor refers a visited family and follows the referral to its close', async (page) => {
  await signIn(page, 'sri');
  await openVisit(page);
  const panel = page.locator('#refer-visit');
  await panel.getByLabel('Instansi tujuan').selectOption('Dinas Kesehatan / Puskesmas');
  await panel.getByLabel('Kebutuhan / alasan rujukan').fill('Pemeriksaan lansia dengan penyakit kronis');
  await panel.getByLabel('Tanggal dikirim').fill(daysAgo(20));
  await shot(page, 'referral-from-visit');
  await Promise.all([page.waitForNavigation(), panel.getByRole('button', { name: 'Kirim rujukan' }).click()]);
  assert.match(page.url(), /\/office\/referrals\/\d+$/);
  assert.match(await page.locator('#referral-status').innerText(), /Dikirim.*Terlambat/s);
  const referral = page.url();
  const on = page.getByLabel('Tanggal terjadinya');
  await on.fill(daysAgo(-1));
  assert.equal(await on.evaluate((e) => e.validity.rangeOverflow), true, 'the browser refuses it first');
  await on.evaluate((e) => e.removeAttribute('max'));
  await step(page, 'Diterima instansi', daysAgo(-1));
  assert.match(await page.getByRole('alert').innerText(), /Tanggal tidak boleh di masa depan/);
  await shot(page, 'referral-future-date-refused');
  await page.goto(referral);
  await step(page, 'Diterima instansi', daysAgo(12));
  await step(page, 'Ditindaklanjuti', daysAgo(5), 'Sudah diperiksa di Puskesmas');
  await step(page, 'Ditutup', daysAgo(0));
  assert.equal(await page.locator('#steps tbody tr').count(), 4);
  assert.match(await page.locator('#case-done').innerText(), /sudah selesai/);
  await shot(page, 'referral-closed');
  await page.goto(BASE + '/office/referrals?status=closed');
  assert.ok((await page.locator('#referrals tr[data-status="closed"]').count()) >= 1);
  await shot(page, 'referral-list');
});

check('a complaint taken at the desk is linked to a registry family and made a visit task', async (page) => {
  await signIn(page, 'sri');
  await openVisit(page);
  const head = (await page.locator('#members tbody tr td').first().innerText()).trim();
  await page.goto(BASE + '/office/complaints');
  const desk = async (nik) => {
    await page.getByLabel('Nama pengadu').fill('Ibu Ros');
    await page.getByLabel('Kontak (telepon atau alamat)').fill('0812-0000-1111');
    await page.getByLabel('NIK pengadu (bila ada)').fill(nik);
    await page.getByLabel('Jenis pengaduan').selectOption('aid_not_received');
    await page.getByLabel('Isi pengaduan').fill('Bantuan sekolah anak belum diterima.');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan pengaduan' }).click()]);
  };
  await desk('12345');
  assert.match(await page.getByRole('alert').innerText(), /NIK pengadu ditolak/);
  await page.goto(BASE + '/office/complaints');
  await desk('');
  assert.match(page.url(), /\/office\/complaints\/\d+$/);
  await page.getByLabel(/^Cari di registri/).fill(head);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Cari' }).click()]);
  await shot(page, 'complaint-search');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Kaitkan' }).first().click()]);
  assert.match(await page.locator('#linked-household').innerText(), /\S/);
  await page.getByLabel('Peksos yang ditugaskan').selectOption({ index: 0 });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Jadikan tugas kunjungan rumah' }).click()]);
  assert.match(await page.locator('#task-for').innerText(), /Ditugaskan kepada/);
  await step(page, 'Sedang ditangani', daysAgo(0), 'Peksos dijadwalkan berkunjung');
  assert.match(await page.locator('#complaint-status').innerText(), /Sedang ditangani/);
  await shot(page, 'complaint-linked');
});

check('a peksos reads the referrals without forms, and a volunteer is refused', async (page, browser) => {
  await signIn(page, 'budi');
  await page.goto(BASE + '/office/referrals');
  assert.equal(await page.locator('#step-form, .referral-form').count(), 0);
  await shot(page, 'referrals-peksos');
  const context = await browser.newContext();
  const volunteer = await context.newPage();
  await signIn(volunteer, 'rt');
  assert.equal(await status(volunteer, '/office/referrals'), 403);
  assert.equal(await status(volunteer, '/office/complaints'), 403);
  await context.close();
});
