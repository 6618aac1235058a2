// Decisions in the browser: a supervisor reviews a visit and issues a card, prints it, and its QR
// payload is checked on the public /verify page (a forged and a revoked one are refused); a
// send-back reaches the peksos's real pandu-field device as a task at its next sync.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { BASE, check, shot, signIn } = require('./support');

/** The card issued by the first check: its page and QR payload, for the later checks. */
const issued = { path: '', payload: '' };

/** Opens the `row`-th visit of the queue; returns its record id. */
async function openVisit(page, row) {
  await page.goto(BASE + '/office/visits?kind=visit');
  await page.locator('#queue tr[data-record] a').nth(row).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  return new URL(page.url()).pathname.split('/').pop();
}

/** Pastes `payload` into /verify (not signed in) and returns the verdict code. */
async function verify(page, payload, name) {
  await page.goto(BASE + '/verify');
  await page.locator('#payload').fill(payload);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Periksa' }).click()]);
  await shot(page, name);
  return page.locator('#verdict').getAttribute('data-verdict');
}

check('a supervisor reviews a visit and issues a card with a signed QR code', async (page) => {
  await signIn(page, 'sri');
  await openVisit(page, 0);
  assert.match(await page.locator('#decisions').innerText(), /Belum ada keputusan/);
  await page.getByLabel('Terbitkan kartu (jalur b)').check();
  await shot(page, 'decision-panel');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan keputusan' }).click()]);
  assert.match(page.url(), /\/office\/documents\/PKU-\d{4}-\d{6}$/);
  assert.match(await page.locator('#document').innerText(), /KARTU PELAYANAN SOSIAL TERPADU/);
  const qr = page.locator('figure.qr svg');
  const box = await qr.boundingBox();
  assert.ok(box && box.width >= 200, `the QR code is drawn: ${JSON.stringify(box)}`);
  issued.path = new URL(page.url()).pathname;
  issued.payload = await page.locator('#payload').getAttribute('data-payload');
  assert.match(issued.payload, /^PANDU1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.equal((await page.locator('#payload').innerText()).trim(), issued.payload);
  await shot(page, 'card');
});

check('the card prints without the navigation and the revoke form', async (page) => {
  await signIn(page, 'sri', undefined, issued.path);
  await page.emulateMedia({ media: 'print' });
  const hidden = async (selector) => page.locator(selector).evaluate((e) => getComputedStyle(e).display);
  assert.equal(await hidden('header.top'), 'none');
  assert.equal(await hidden('#revoke-form'), 'none');
  assert.notEqual(await hidden('figure.qr'), 'none');
  await shot(page, 'card-print');
});

check('the QR payload verifies on the public page, and a forged one is refused', async (page) => {
  assert.equal(await verify(page, issued.payload, 'verify-valid'), 'valid');
  assert.match(await page.locator('#verdict').innerText(), /SAH: PKU-/);
  const [tag, claims, sig] = issued.payload.split('.');
  const flipped = sig[5] === 'A' ? 'B' : 'A';
  const forged = [tag, claims, sig.slice(0, 5) + flipped + sig.slice(6)].join('.');
  assert.equal(await verify(page, forged, 'verify-forged'), 'forged');
  assert.match(await page.locator('#verdict').innerText(), /PALSU/);
});

check('a revoked card is told apart on /verify', async (page) => {
  await signIn(page, 'sri', undefined, issued.path);
  await page.locator('#revoke-reason').fill('Keluarga pindah ke luar kota');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Cabut dokumen ini' }).click()]);
  assert.match(await page.locator('p.revoked').innerText(), /DICABUT/);
  await shot(page, 'card-revoked');
  assert.equal(await verify(page, issued.payload, 'verify-revoked'), 'revoked');
});

check("a send-back reaches the peksos's phone as a task at its next sync", async (page) => {
  await signIn(page, 'sri');
  const recordId = await openVisit(page, 1);
  await page.getByLabel('Kirim kembali untuk kunjungan ulang').check();
  await page.locator('#reason').fill('Foto dinding kurang jelas');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan keputusan' }).click()]);
  assert.match(await page.locator('#decision-history').innerText(), /Kirim kembali/);
  await shot(page, 'send-back');
  const field = (...args) => execFileSync(process.env.FIELD_BIN, ['--home', process.env.FIELD_HOME, '--lang', 'en', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  field('sync');
  const tasks = field('inbox', '--kind', 'assignment').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const task = tasks.find((t) => t.data.record_id === recordId);
  assert.ok(task, `the task is on the device: ${JSON.stringify(tasks)}`);
  assert.equal(task.data.task, 'revisit');
  assert.equal(task.data.reason, 'Foto dinding kurang jelas');
  assert.ok(task.data.household_id);
  const home = JSON.parse(field('status', '--json'));
  const shown = home.tasks.find((t) => t.seq === task.seq);
  assert.ok(shown, `the home screen lists the task: ${JSON.stringify(home.tasks)}`);
  assert.equal(shown.kind, 'revisit');
  assert.equal(shown.note, 'Foto dinding kurang jelas');
  assert.ok(home.outcomes.some((o) => o.record_id === recordId && o.title.en === 'Sent back for a re-visit'),
    `the home screen lists the outcome: ${JSON.stringify(home.outcomes)}`);
});
