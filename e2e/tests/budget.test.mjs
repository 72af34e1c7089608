// The release bundle's transfer size against the limit in bench/budgets.json. Sizes are
// deterministic, so this is a safe test; `make bench` reports the goal beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from '../lib/harness.mjs';

const budgets = JSON.parse(readFileSync(new URL('../../bench/budgets.json', import.meta.url), 'utf8'));

test('the release bundle stays within its gzip transfer-size limit', () => {
  const files = readdirSync(DIST);
  const total = files.reduce((sum, name) => sum + gzipSync(readFileSync(join(DIST, name)), { level: 9 }).length, 0);
  const { limit, goal } = budgets.transfer_gzip_bytes;
  assert.ok(total <= limit, `dist/ is ${total} bytes gzipped, over the limit of ${limit} (goal ${goal}); see make bench for where the bytes go`);
  assert.ok(files.every((f) => !f.endsWith('.wasm')), 'no .wasm is shipped: the wasm travels inside a script (see scripts/finalize-dist.mjs)');
});
