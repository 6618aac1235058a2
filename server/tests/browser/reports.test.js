// Reports and exports in the browser: the reports index, a report's server-drawn SVG chart with
// its title and the table under it (also in print), its CSV and XLSX downloads through the page's
// own links, and the integrated data exports page — its rule, a peksos refused NIKs, and a
// supervisor's GeoJSON download naming who made it.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { BASE, check, shot, signIn, status } = require('./support');

/** Clicks `selector` and returns the bytes of the download it starts. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

check('the reports index leads to a report with its SVG chart and table', async (page) => {
  await signIn(page, 'sri');
  await page.getByRole('link', { name: 'Laporan', exact: true }).click();
  await page.waitForURL(/\/office\/reports$/);
  await shot(page, 'reports-index');
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('link', { name: 'Kunjungan dan keputusan per petugas' }).click(),
  ]);
  const svg = page.locator('figure.report-chart svg[role="img"]');
  assert.equal(await svg.locator('title').textContent(), 'Kunjungan dan keputusan per petugas');
  const box = await svg.boundingBox();
  assert.ok(box && box.width > 600 && box.height > 80, `the chart is drawn: ${JSON.stringify(box)}`);
  assert.match(await svg.locator('desc').textContent(), /Petugas/);
  const rows = await page.locator('#report-table tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => /^rina\t3\t/.test(r)), `rina's three visits: ${rows}`);
  await shot(page, 'report-visits-decisions');
  await page.emulateMedia({ media: 'print' });
  assert.notEqual(await svg.evaluate((e) => getComputedStyle(e).display), 'none');
  await shot(page, 'report-visits-decisions-print');
});

check('the money reports show the help and the partner money recorded on the funds pages', async (page) => {
  // funds.test.js (run earlier: files run in name order) paid Baznas Rp 2.000.000 in and gave
  // one family Rp 500.000 of emergency help from it.
  await signIn(page, 'sri', undefined, '/office/reports/served-by-kind');
  assert.equal(
    await page.locator('figure.report-chart svg title').textContent(),
    'Keluarga yang dilayani per jenis bantuan',
  );
  const served = await page.locator('#report-table tbody tr').allInnerTexts();
  assert.ok(served.some((r) => /^Darurat\t1\t1\tRp 500\.000$/.test(r)), `one family, one help: ${served}`);
  await shot(page, 'report-served-by-kind');
  await page.goto(BASE + '/office/reports/fund-partners');
  const partners = await page.locator('#report-table tbody tr').allInnerTexts();
  assert.ok(
    partners.some((r) => /^Baznas\tRp 2\.000\.000\tRp 500\.000\tRp 1\.500\.000\t/.test(r)),
    `Baznas in, out and balance: ${partners}`,
  );
  assert.ok(await page.locator('figure.report-chart svg rect').count() > 0, 'the bars are drawn');
  await shot(page, 'report-fund-partners');
});

check('a report downloads as CSV and XLSX through its links', async (page) => {
  await signIn(page, 'sri', undefined, '/office/reports/ppls-errors?lang=en');
  assert.equal(
    await page.locator('figure.report-chart svg title').textContent(),
    'PPLS 2011 inclusion and exclusion errors by kelurahan',
  );
  const csv = await download(page, '#download-csv');
  assert.match(csv.name, /^ppls-errors_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const text = csv.bytes.toString('utf8');
  assert.ok(text.startsWith('\ufeffCode,Kelurahan,Households visited,'), text.slice(0, 80));
  const tableRows = await page.locator('#report-table tbody tr').count();
  assert.equal(text.trim().split('\r\n').length, 1 + tableRows, 'the CSV has the page table rows');
  const xlsx = await download(page, '#download-xlsx');
  assert.match(xlsx.name, /\.xlsx$/);
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
  await shot(page, 'report-ppls-errors-en');
});

check('a bad period is refused with the reason, and volunteers see no reports', async (page) => {
  await signIn(page, 'budi', undefined, '/office/reports/expiring?from=2026-02-30');
  assert.match(await page.locator('p.error[role="alert"]').innerText(), /Periode tidak valid/);
  await shot(page, 'report-bad-period');
  const context = await page.context().browser().newContext();
  const other = await context.newPage();
  await signIn(other, 'rt');
  assert.equal(await status(other, '/office/reports'), 403);
  assert.equal(await status(other, '/office/exports'), 403);
  await context.close();
});

check('the exports page states the rule, refuses NIKs to a peksos, and exports GeoJSON', async (page) => {
  await signIn(page, 'budi', undefined, '/office/exports');
  assert.match(await page.locator('#export-rule').innerText(), /NIK disamarkan/);
  await page.getByLabel('Daftar keluarga terverifikasi (CSV)').check();
  await page.getByLabel('Sertakan NIK lengkap').check();
  await page.locator('input[name="purpose"]').fill('pencocokan data BPJS Kesehatan');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ekspor' }).click()]);
  assert.match(await page.locator('p.error').innerText(), /Peksos hanya boleh mengekspor NIK yang disamarkan/);
  await shot(page, 'exports-peksos-refused');
  const context = await page.context().browser().newContext();
  const sri = await context.newPage();
  await signIn(sri, 'sri', undefined, '/office/exports');
  await sri.getByLabel('Titik kunjungan (GeoJSON)').check();
  await shot(sri, 'exports-form');
  const file = await download(sri, 'button[type="submit"]:text("Ekspor")');
  const doc = JSON.parse(file.bytes.toString('utf8'));
  assert.equal(doc.type, 'FeatureCollection');
  assert.equal(doc.pandu_export.made_by, 'sri (supervisor)');
  assert.ok(doc.features.length > 0, 'the visits synced by pandu-field have points');
  for (const f of doc.features) {
    assert.equal(f.geometry.type, 'Point');
    assert.ok(Math.abs(f.geometry.coordinates[0] - 100.6) < 1, 'longitude first');
  }
  await context.close();
});
