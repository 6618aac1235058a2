// The review part of the office: a visit reviewed by keyboard (a NIK revealed, verdicts given),
// the queue filtered by review status and by NIK warning, a registry file checked then applied,
// and rina's phone revoked on the users page — her next real `pandu-field sync` exits 4. Runs
// after the other files (the revoke must come last). scripts/test-browser seeds one household
// whose head's NIK the core warns about, an admin, a newer registry file and the device's home.
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { BASE, check, shot, signIn } = require('./support');

check('a supervisor reveals one NIK and gives verdicts that are shown back', async (page) => {
  await signIn(page, 'sri', undefined, '/office/visits?status=awaiting');
  await page.locator('#queue tr[data-record] a').first().click();
  const recordId = page.url().split('/').pop();
  const nik = page.locator('#members code.nik').first();
  assert.match(await nik.innerText(), /^\*{12}\d{4}$/);
  await shot(page, 'review-visit');
  await page.getByRole('button', { name: /^Tampilkan NIK/ }).first().focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('#members code.revealed').innerText(), /^\d{16}$/);
  assert.equal(await page.locator('#members code.revealed').count(), 1, 'one member at a time');
  await page.getByLabel('Penilaian 1', { exact: true }).selectOption('accept');
  await page.getByLabel('Penilaian 2', { exact: true }).selectOption('revisit');
  await page.getByLabel('Alasan 2', { exact: true }).fill('Foto lantai gelap');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan penilaian' }).click()]);
  assert.match(await page.locator('tr[data-criterion="1"]').innerText(), /Diterima\s+sri/);
  assert.match(await page.locator('tr[data-criterion="2"]').innerText(), /Perlu kunjungan ulang: Foto lantai gelap/);
  assert.match(await page.locator('#status').innerText(), /Sudah ditinjau/);
  assert.ok(await page.locator('#criteria img.thumb').count() >= 4, 'photos beside the criteria');
  await shot(page, 'review-verdicts');
  await page.goto(BASE + '/office/audit');
  const log = await page.locator('table').innerText();
  assert.match(log, new RegExp(`web\\.reveal\\.nik\\s+${recordId} member `));
  assert.match(log, new RegExp(`web\\.write\\.verdict\\s+${recordId} criteria 1,2`));
  assert.doesNotMatch(log, /\d{16}/, 'no NIK in the access log');
  await page.goto(BASE + '/office/visits?status=reviewed');
  assert.equal(await page.locator(`#queue tr[data-record="${recordId}"]`).count(), 1);
});

check('the queue filters by review status and by NIK warning, by keyboard', async (page) => {
  await signIn(page, 'sri', undefined, '/office/visits');
  await page.getByLabel('Status tinjauan').focus();
  await page.getByLabel('Status tinjauan').selectOption('decided');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  assert.ok(await page.getByLabel('Hanya dengan peringatan NIK').isChecked());
  await page.getByLabel('Status tinjauan').selectOption('');
  await page.getByLabel('Tanda').focus();
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /nik=1/);
  assert.equal(await page.locator('#queue tr[data-record]').count(), 1);
  assert.match(await page.locator('#queue').innerText(), /Peringatan NIK/);
  await shot(page, 'queue-nik-warning');
  const listed = async (query) => {
    await page.goto(BASE + '/office/visits?kind=visit' + query);
    return page.locator('#queue tr[data-record]').count();
  };
  let byStatus = 0;
  for (const status of ['awaiting', 'reviewed', 'decided', 'sent_back']) byStatus += await listed(`&status=${status}`);
  assert.equal(byStatus, await listed(''), 'each visit has exactly one review status');
});

check('a registry file is checked in a dry run, then applied', async (page) => {
  await signIn(page, 'sri', undefined, '/office/registry');
  await page.getByLabel('Berkas CSV PPLS').setInputFiles(process.env.PANDU_REGISTRY_MORE);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Periksa dulu/ }).click()]);
  assert.match(await page.getByRole('status').innerText(), /Uji coba: belum ada yang diubah/);
  const count = async (id) => Number(await page.locator(`#${id}`).innerText());
  const [fresh, changed] = [await count('new'), await count('changed')];
  assert.ok(fresh + changed >= 1, `something to import (new ${fresh}, changed ${changed})`);
  await shot(page, 'registry-dry-run');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Terapkan impor ini' }).click()]);
  assert.match(await page.getByRole('status').innerText(), /Registri diimpor/);
  assert.equal(await count('new'), fresh);
  await page.goto(BASE + '/office/registry');
  await page.getByLabel('Berkas CSV PPLS').setInputFiles(process.env.PANDU_REGISTRY_MORE);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Periksa dulu/ }).click()]);
  assert.equal(await count('new') + await count('changed'), 0, 'the same file again changes nothing');
});

check("an admin revokes rina's lost phone and its next sync is refused (exit 4)", async (page) => {
  await signIn(page, 'admin', undefined, '/office/users');
  await shot(page, 'users');
  await page.locator('#users tr[data-user="rina"] a').click();
  const revoke = page.getByRole('button', { name: 'Cabut sekarang (HP hilang)' });
  assert.equal(await revoke.count(), 1);
  await revoke.focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('#devices').innerText(), /Dicabut/);
  await shot(page, 'user-device-revoked');
  const sync = spawnSync(process.env.FIELD_BIN, ['--home', process.env.FIELD_HOME, '--lang', 'en', 'sync'], {
    encoding: 'utf8',
  });
  assert.equal(sync.status, 4, `pandu-field sync: ${sync.stdout}${sync.stderr}`);
});
