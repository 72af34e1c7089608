// What a cold visit to each entry page downloads, against the limits in bench/budgets.json
// (issue 26). Sizes are deterministic, so this is a safe test; `make bench` reports the goals
// beside them and the bare Yew app's figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { DIST, ENTRY_READY, coldVisits, openPageOverLink, useServerAndBrowser } from '../lib/harness.mjs';

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
  // Opening the pages loads every shipped file but the parts of what loads on first use: the
  // workflow page's coverage and the inspector's audit, when credentials are given, and the
  // workflow page's Kubernetes manifest reader, when manifests are pasted (the inspector's
  // secrets report travels in the audit's part), the snippet formats other than az, when one is
  // first chosen, and a shared link's reader, when the address carries a builder state
  // (e2e/tests/predict.test.mjs, e2e/tests/audit.test.mjs, e2e/tests/builder.test.mjs, below).
  const shipped = readdirSync(DIST, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => `/${(e.parentPath ?? e.path).slice(DIST.length + 1)}/${e.name}`.replace('//', '/'));
  assert.ok(visits.all.files.every((f) => shipped.includes(f)), `only shipped files: ${visits.all.files.join(', ')}`);
  // The hosts' header files beside the page (deploy/, issue 28) are read by the host, not the page.
  const unused = shipped.filter((f) => !visits.all.files.includes(f) && !['/_headers', '/staticwebapp.config.json'].includes(f));
  for (const feature of ['coverage', 'audit', 'manifests', 'gitlab', 'azure_devops', 'formats', 'link']) {
    assert.ok(unused.some((f) => f.startsWith(`/pages/${feature}_bg-`)), `the ${feature}'s part waits for its input: ${unused.join(', ')}`);
  }
  assert.ok(unused.every((f) => /^\/pages\/(coverage|audit|manifests|gitlab|azure_devops|formats|link|shared(-[\w-]+)?)_bg-/.test(f)), `opening the three pages leaves only those parts: ${unused.join(', ')}`);
});

test('a shared link\'s reader downloads only for a link, beside the first module, and the builder opens with its state', async () => {
  // src/link.rs: the reader of a link's builder state is a part of its own, which the boot module
  // asks for beside the first module when the address carries a state (scripts/finalize-dist.mjs).
  const state = Buffer.from(JSON.stringify({ platform: 'github', github: { repo: 'contoso/linked', entity: { environment: 'production' } } })).toString('base64url');
  const { context, page, record } = await openPageOverLink(env.browser, { latency: 100, mbit: 4 });
  await page.goto(`${env.server.origin}/#build?s=${state}`);
  await page.locator(ENTRY_READY.build).waitFor({ timeout: 30000 });
  assert.equal(await page.getByLabel('Repository', { exact: true }).inputValue(), 'contoso/linked', 'the first render has the link\'s state');
  const timing = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => ({ path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd })));
  const first = timing.find((r) => /^\/app_bg-[0-9a-f]+\.js$/.test(r.path));
  const reader = timing.find((r) => /^\/pages\/link_bg-[0-9a-f]+\.js$/.test(r.path));
  assert.ok(first && reader, JSON.stringify(timing));
  assert.ok(reader.start < first.end, `the reader was asked for at ${reader.start.toFixed(0)} ms, after the first module had arrived (${first.end.toFixed(0)} ms)`);
  assert.ok(!timing.some((r) => /^\/pages\/(inspect|predict)_bg-/.test(r.path)), 'no page\'s part');
  assert.deepEqual(record.errors, []);
  await context.close();
  // A visit without a state never asks for it (the first test: the builder loads no part).
});

test('an entry page\'s parts download beside the first module, not after it', async () => {
  // On a link with some latency (100 ms each way, 4 Mbit/s), the opened page's parts must be asked
  // for while the first module is still arriving: a visit to #inspect or #predict then waits for
  // the larger of the two, not for one after the other (scripts/finalize-dist.mjs, the boot module).
  for (const entry of ['inspect', 'predict']) {
    const { context, page } = await openPageOverLink(env.browser, { latency: 100, mbit: 4 });
    await page.goto(`${env.server.origin}/#${entry}`);
    await page.locator(ENTRY_READY[entry]).waitFor({ timeout: 30000 });
    const timing = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => ({ path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd })));
    await context.close();
    const first = timing.find((r) => /^\/app_bg-[0-9a-f]+\.js$/.test(r.path));
    const parts = timing.filter((r) => r.path.startsWith('/pages/'));
    assert.ok(first && parts.some((r) => r.path.startsWith(`/pages/${entry}_bg-`)), JSON.stringify(timing));
    for (const part of parts) {
      assert.ok(part.start < first.end, `${entry}: ${part.path} was asked for at ${part.start.toFixed(0)} ms, after the first module had arrived (${first.end.toFixed(0)} ms)`);
    }
  }
});

test('no .wasm is shipped: every WebAssembly module travels inside a script', () => {
  const wasm = readdirSync(DIST, { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  assert.deepEqual(wasm, [], 'see scripts/finalize-dist.mjs');
});
