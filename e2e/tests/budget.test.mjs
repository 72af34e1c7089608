// The release bundle's transfer size against the limit in bench/budgets.json. Sizes are
// deterministic, so this is a safe test; `make bench` reports the goal beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from '../lib/harness.mjs';

const budgets = JSON.parse(readFileSync(new URL('../../bench/budgets.json', import.meta.url), 'utf8'));

const gzipped = (dir) => readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isFile())
  .reduce((sum, { name }) => sum + gzipSync(readFileSync(join(dir, name)), { level: 9 }).length, 0);

test('the first visit stays within its gzip transfer-size limit', () => {
  // dist/ itself is what the first visit downloads; dist/pages/ loads when its page is opened.
  const files = readdirSync(DIST, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  const total = gzipped(DIST);
  const { limit, goal } = budgets.transfer_gzip_bytes;
  assert.ok(total <= limit, `dist/ is ${total} bytes gzipped, over the limit of ${limit} (goal ${goal}); see make bench for where the bytes go`);
  assert.ok(files.every((f) => !f.endsWith('.wasm')), 'no .wasm is shipped: the wasm travels inside a script (see scripts/finalize-dist.mjs)');
});

test('each page that loads on demand is in dist/pages/, within its own limit', () => {
  const files = readdirSync(join(DIST, 'pages'));
  for (const [page, limit] of Object.entries(budgets.pages_gzip_bytes).filter(([k]) => !k.startsWith('_'))) {
    const own = files.filter((f) => new RegExp(`^${page}(_bg)?-[0-9a-f]+\\.js$`).test(f));
    assert.equal(own.length, 2, `${page}: its glue and its bytes, in ${files.join(', ')}`);
    const total = own.reduce((sum, name) => sum + gzipSync(readFileSync(join(DIST, 'pages', name)), { level: 9 }).length, 0);
    assert.ok(total <= limit, `opening ${page} adds ${total} bytes gzipped, over its limit of ${limit}`);
  }
});
