// What a cold visit to each entry page downloads, against the limits in bench/budgets.json
// (issue 26). Sizes are deterministic, so this is a safe test; `make bench` reports the goals
// beside them and the bare Yew app's figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { DIST, coldVisits, useServerAndBrowser } from '../lib/harness.mjs';

const budgets = JSON.parse(readFileSync(new URL('../../bench/budgets.json', import.meta.url), 'utf8'));
const env = useServerAndBrowser();

test('a cold visit to each entry page, and to all three, stays within its gzip limit', async () => {
  const visits = await coldVisits(env.browser, env.server);
  for (const [entry, { limit, goal }] of Object.entries(budgets.cold_visit_gzip_bytes).filter(([k]) => !k.startsWith('_'))) {
    const { gzip, files } = visits[entry];
    assert.ok(gzip <= limit, `a cold visit to ${entry} downloads ${gzip} bytes gzipped, over its limit of ${limit} (goal ${goal}): ${files.join(', ')}; see make bench for where the bytes go`);
  }
});

test('no page downloads another page\'s code, and no file is downloaded twice', async () => {
  const visits = await coldVisits(env.browser, env.server);
  const own = (page) => new RegExp(`^/pages/${page}_bg-[0-9a-f]+\\.js$`);
  assert.ok(!visits.build.files.some((f) => f.startsWith('/pages/')), `the builder loads no page part: ${visits.build.files.join(', ')}`);
  assert.ok(visits.inspect.files.some((f) => own('inspect').test(f)) && !visits.inspect.files.some((f) => own('predict').test(f)), visits.inspect.files.join(', '));
  assert.ok(visits.predict.files.some((f) => own('predict').test(f)) && !visits.predict.files.some((f) => own('inspect').test(f)), visits.predict.files.join(', '));
  // One visit to all three pages asks for each script once (Chromium asks for the icon again
  // when the fragment changes: that is the browser, not the page), and together they are the
  // whole bundle.
  const scripts = visits.all.requested.filter((path) => path.endsWith('.js'));
  const repeated = scripts.filter((path, i) => scripts.indexOf(path) !== i);
  assert.deepEqual(repeated, [], 'a script requested twice');
  const shipped = readdirSync(DIST, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => `/${(e.parentPath ?? e.path).slice(DIST.length + 1)}/${e.name}`.replace('//', '/'));
  assert.deepEqual([...visits.all.files].sort(), shipped.sort(), 'all three pages load every shipped file, and nothing else');
});

test('no .wasm is shipped: every WebAssembly module travels inside a script', () => {
  const wasm = readdirSync(DIST, { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  assert.deepEqual(wasm, [], 'see scripts/finalize-dist.mjs');
});
