#!/usr/bin/env node
// CommonJS, so that thread-pool.cjs runs before anything uses libuv's pool.
require('./thread-pool.cjs');
// The CLI is TypeScript run through tsx's loader, so a clone needs no build step.
import('tsx/esm/api').then(async ({ register }) => {
  register();
  const { main } = await import('../main.ts');
  process.exitCode = await main(process.argv.slice(2));
});
