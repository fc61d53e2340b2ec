#!/usr/bin/env node
// The CLI runs from the compiled output; `npm install` builds it (the "prepare" script).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('yimen: the build is missing; run `npm run build` first.');
    process.exit(1);
  }
  throw err;
});
