// The office pages: sign-in, sessions, the review queue and the visit page, keyboard use and
// printing. Registered with the runner in support.js (run.js runs every *.test.js).
'use strict';

const assert = require('node:assert/strict');
const { BASE, PASSWORD, check, shot, signIn, status } = require('./support');

check('signed-out visitors are sent to sign in, and back where they were going', async (page) => {
  await page.goto(BASE + '/office/audit');
  assert.match(page.url(), /\/office\/sign-in\?next=%2Foffice%2Faudit$/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'id');
  await shot(page, 'sign-in');
  await signIn(page, 'sri', PASSWORD, '/office/audit');
  assert.equal(new URL(page.url()).pathname, '/office/audit');
});

check('a wrong password is told in Indonesian and keeps the user on the form', async (page) => {
  await signIn(page, 'sri', 'bukan-sandinya');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /kata sandi salah/);
  await shot(page, 'sign-in-wrong-password');
});

check('the supervisor sees the home page and the access log with the sign-in', async (page) => {
  await signIn(page, 'sri');
  assert.equal(new URL(page.url()).pathname, '/office');
  assert.match(await page.locator('main').innerText(), /Anda masuk sebagai sri/);
  await shot(page, 'home');
  await page.getByRole('link', { name: 'Log akses' }).click();
  assert.match(await page.locator('table').innerText(), /web\.sign_in/);
  await shot(page, 'audit-log');
});

check('the language switch shows English and is remembered', async (page) => {
  await signIn(page, 'sri');
  await page.getByRole('link', { name: 'English' }).focus();
  await Promise.all([page.waitForURL(/lang=en/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.locator('main').innerText(), /You are signed in as sri/);
  await shot(page, 'home-english');
  await page.goto(BASE + '/office/audit');
  assert.equal(await page.locator('h1').innerText(), 'Access log');
});

check('a form sent without the CSRF token is refused with 403', async (page) => {
  await signIn(page, 'sri');
  const refused = await page.evaluate(async () => {
    const r = await fetch('/office/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    return r.status;
  });
  assert.equal(refused, 403);
  assert.equal(await status(page, '/office'), 200, 'still signed in');
});

check('a peksos may open the home page but not the supervisor pages', async (page) => {
  await signIn(page, 'budi');
  assert.equal(await status(page, '/office'), 200);
  assert.equal(await status(page, '/office/audit'), 403);
  assert.match(await page.locator('main').innerText(), /Peran Anda tidak boleh membuka halaman ini/);
  await shot(page, 'forbidden-peksos');
});

check('a volunteer signed in is refused the office pages', async (page) => {
  await signIn(page, 'rt');
  assert.equal(await status(page, '/office'), 403);
});

check('sign-out everywhere ends the session on the other computer too', async (page, browser) => {
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  try {
    await signIn(otherPage, 'sri');
    await signIn(page, 'sri');
    await page.getByRole('button', { name: 'Keluar di semua perangkat' }).click();
    await page.waitForURL(/\/office\/sign-in$/);
    await otherPage.goto(BASE + '/office');
    assert.match(otherPage.url(), /\/office\/sign-in/);
  } finally {
    await other.close();
  }
});

check('the review queue lists the synced visits and filters them by keyboard', async (page) => {
  await signIn(page, 'sri');
  await page.getByRole('link', { name: 'Antrean tinjauan' }).click();
  // The three visits; the report names no household, so it has no kelurahan to be listed under.
  assert.match(await page.locator('#count').innerText(), /^3 catatan/);
  assert.equal(await page.locator('#queue tr[data-record]').count(), 3);
  assert.match(await page.locator('#queue').innerText(), /Jalur \(b\): kartu/);
  await shot(page, 'queue');
  await page.getByLabel('Tanda').focus();
  await page.getByLabel('Tanda').selectOption('duplicate');
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /flag=duplicate/);
  const flagged = await page.locator('#queue tr[data-record]').count();
  assert.ok(flagged >= 1 && flagged < 3, `rows with a recycled photo: ${flagged}`);
  assert.match(await page.locator('#queue').innerText(), /Foto ganda atau daur ulang/);
  await shot(page, 'queue-duplicate');
  await page.goto(BASE + '/office/visits?kind=report');
  assert.equal(await page.locator('#queue tr[data-record]').count(), 0);
  assert.match(await page.locator('#queue').innerText(), /Tidak ada catatan/);
});

check('a visit opens from the queue with its criteria and findings, and the read is audited', async (page) => {
  await signIn(page, 'sri', PASSWORD, '/office/visits?flag=duplicate');
  await page.locator('#queue tr[data-record] a').first().focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const recordId = page.url().split('/').pop();
  assert.equal(await page.locator('#criteria tbody tr').count(), 12);
  assert.match(await page.locator('#score').innerText(), /12\/12/);
  assert.match(await page.locator('#evidence').innerText(), /Foto yang sama persis sudah dipakai untuk rumah tangga/);
  const photos = page.locator('#evidence img.photo');
  assert.equal(await photos.count(), 4);
  for (const img of await photos.all()) {
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((e) => e.complete && e.naturalWidth > 0, await img.elementHandle());
  }
  await shot(page, 'visit');
  await page.goto(BASE + '/office/audit');
  assert.match(await page.locator('table').innerText(), new RegExp(`web\\.read\\.record\\s+${recordId}`));
});

check('a peksos sees only their own work in the queue', async (page) => {
  await signIn(page, 'budi');
  await page.goto(BASE + '/office/visits');
  assert.match(await page.locator('#count').innerText(), /^0 catatan/);
});

check('printing leaves out the navigation and the forms', async (page) => {
  await signIn(page, 'sri');
  await page.emulateMedia({ media: 'print' });
  const shown = await page.locator('header.top').evaluate((e) => getComputedStyle(e).display);
  assert.equal(shown, 'none');
  await shot(page, 'home-print');
});

check('every control can be reached with the Tab key and shows its focus', async (page) => {
  await signIn(page, 'sri');
  const reached = new Set();
  for (let i = 0; i < 14; i += 1) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      return { text: e.innerText || e.value || '', outline: getComputedStyle(e).outlineStyle };
    });
    if (focus.text) reached.add(focus.text.trim());
    if (focus.text.trim() === 'Keluar') assert.equal(focus.outline, 'solid');
  }
  for (const name of ['Beranda', 'Antrean tinjauan', 'Log akses', 'Keluar', 'Keluar di semua perangkat', 'English']) {
    assert.ok(reached.has(name), `${name} reached by Tab (reached: ${[...reached].join(', ')})`);
  }
});
