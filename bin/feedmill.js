#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run on install by `prepare`).
import('../dist/src/cli.js').then((m) => m.main(process.argv)).catch((err) => {
  console.error(err && err.message ? err.message : err);
  process.exit(1);
});
