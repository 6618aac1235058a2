// Loads every *.test.js of this folder (each registers its checks) and runs them all in one
// headless Chromium; scripts/test-browser runs this file.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { runChecks } = require('./support');

for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
  require(path.join(__dirname, file));
}
runChecks().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
