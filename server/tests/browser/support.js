// What every browser test file shares: the check registry, sign-in by keyboard, screenshots, and
// the runner (run.js) that drives every registered check in its own context of one headless
// Chromium against the server scripts/test-browser started (sri: supervisor, budi: peksos,
// rt: volunteer, rina: peksos of every kelurahan).
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { chromium } = require('playwright-core');

/** The server's address. */
const BASE = process.env.PANDU_URL;
/** Where screenshots go. */
const ARTIFACTS = process.env.ARTIFACTS;
/** Every seeded account's password. */
const PASSWORD = 'kata-sandi-uji';

const checks = [];

/** Registers a check: `fn(page, browser)` runs in a fresh browser context. */
const check = (name, fn) => checks.push({ name, fn });

/** Saves a full-page screenshot as `name.png` among the artifacts. */
async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Signs in typing with the keyboard (the user-name field is focused by the page itself). */
async function signIn(page, username, password = PASSWORD, start = '/office') {
  await page.goto(BASE + start);
  assert.match(page.url(), /\/office\/sign-in/);
  await page.locator('#username:focus').waitFor();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

/** The HTTP status of opening `url`. */
async function status(page, url) {
  const response = await page.goto(BASE + url);
  return response.status();
}

/** Runs every registered check; prints "N passed, N failed" and sets the exit code. */
async function runChecks() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ['--no-sandbox'],
  });
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of checks) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await fn(page, browser);
      passed += 1;
      console.log(`ok   ${name}`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${name}\n     ${error.stack || error}`);
      await shot(page, `failed-${passed + failed}`).catch(() => {});
    } finally {
      await context.close();
    }
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

module.exports = { BASE, ARTIFACTS, PASSWORD, check, shot, signIn, status, runChecks };
