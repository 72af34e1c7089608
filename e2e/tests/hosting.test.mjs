// The release build works wherever it is hosted (issue 28): at a host's root and under a
// sub-path (a GitHub Pages project site is https://OWNER.github.io/REPO/), every page loads its
// parts, and nothing is asked of the host's root; each hosting recipe in deploy/ sends the page's
// own policy as a header (with frame-ancestors) and the same security headers, and the page works
// under them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, appReady, fill, githubToken, launch, openPage, serve } from '../lib/harness.mjs';

const deploy = (name) => readFileSync(new URL(`../../deploy/${name}`, import.meta.url), 'utf8');
/** The policy the page itself carries (scripts/finalize-dist.mjs writes it into index.html). */
const PAGE_CSP = readFileSync(`${DIST}/index.html`, 'utf8').match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];

/** A _headers file's rules: [{ pattern, headers }], in order (Cloudflare Pages' format). */
function rulesOf(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    if (/^\S/.test(line)) rules.push({ pattern: line.trim(), headers: {} });
    else {
      const at = line.indexOf(':');
      rules.at(-1).headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return rules;
}

/** The headers a _headers file gives `path`: every matching rule's, as Cloudflare Pages merges them. */
function headersFrom(rules) {
  return (path) => {
    const out = {};
    for (const { pattern, headers } of rules) {
      const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      if (regex.test(path)) Object.assign(out, headers);
    }
    return out;
  };
}

const env = {};
before(async () => {
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
});

const WORKFLOW = `on:
  push:
    branches: [main]
permissions:
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: azure/login@v2
`;

for (const base of ['/', '/fedcred/']) {
  test(`every page works served at ${base}`, async (t) => {
    const server = await serve(undefined, base);
    const { context, page, record } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
    t.after(() => Promise.all([context.close(), server.close()]));
    const failed = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.origin}${base}#build`);
    await appReady(page);
    await fill(page, 'Repository', 'contoso/payments-api');
    await page.locator('.snippets, .result').first().waitFor();

    await page.getByRole('tab', { name: 'Inspect a token' }).click();
    await fill(page, 'Token or AADSTS error', githubToken('repo:contoso/payments-api:environment:production'));
    await page.locator('#inspect-fics').fill(JSON.stringify([{ name: 'prod', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/payments-api:environment:production', audiences: ['api://AzureADTokenExchange'] }]));
    await page.locator('.verdict').waitFor();
    // The audit's part, loaded when credentials come without a token.
    await page.getByLabel('Token or AADSTS error', { exact: true }).fill('');
    await page.locator('#audit-heading').waitFor();

    await page.getByRole('tab', { name: 'From your files' }).click();
    await page.locator('#predict-file').fill(WORKFLOW);
    await page.locator('#job-deploy').waitFor();

    assert.deepEqual(failed, [], 'nothing failed to load');
    const outside = record.requests.filter((u) => !u.startsWith(`${server.origin}${base}`));
    assert.deepEqual(outside, [], `asked outside ${base}`);
    assert.deepEqual(record.errors, []);
  });
}

test('each hosting recipe sends the page\'s own policy, with frame-ancestors, and the same security headers', () => {
  const expected = `${PAGE_CSP}; frame-ancestors 'self'`;
  const rules = rulesOf(deploy('_headers'));
  const all = rules.find((r) => r.pattern === '/*').headers;
  const swa = JSON.parse(deploy('staticwebapp.config.json')).globalHeaders;
  const nginx = Object.fromEntries([...deploy('nginx/security-headers.conf').matchAll(/^add_header (\S+) "([^"]*)" always;$/gm)].map((m) => [m[1], m[2]]));
  for (const [name, headers] of [['_headers', all], ['staticwebapp.config.json', swa], ['nginx', nginx]]) {
    assert.equal(headers['Content-Security-Policy'], expected, `${name}: the page's policy and frame-ancestors`);
    assert.deepEqual(headers, all, `${name}: the same headers as _headers`);
  }
  for (const name of ['X-Content-Type-Options', 'Referrer-Policy', 'Cross-Origin-Opener-Policy']) assert.ok(all[name], name);
  // index.html is asked again every time; the content-hashed files are cached for a year.
  const give = headersFrom(rules);
  assert.equal(give('/')['Cache-Control'], 'no-cache');
  assert.equal(give('/index.html')['Cache-Control'], 'no-cache');
  for (const file of readFileSync(`${DIST}/index.html`, 'utf8').matchAll(/(?:href|src)="\.\/([^"]+)"/g)) {
    assert.match(give(`/${file[1]}`)['Cache-Control'] ?? '', /immutable/, file[1]);
  }
  assert.match(give('/pages/predict_bg-0123456789abcdef.js')['Cache-Control'], /immutable/);
  const nginxConf = deploy('nginx/default.conf');
  assert.equal((nginxConf.match(/include \/etc\/nginx\/fedcred\/security-headers\.conf;/g) ?? []).length, 3, 'every location includes the headers');
  assert.match(deploy('Dockerfile'), /COPY deploy\/nginx\/security-headers\.conf \/etc\/nginx\/fedcred\/security-headers\.conf/);
});

test('the page works under the recipes\' headers, and refuses to be framed by another site', async (t) => {
  const server = await serve(undefined, '/', headersFrom(rulesOf(deploy('_headers'))));
  const { context, page, record } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  t.after(() => Promise.all([context.close(), server.close()]));
  const response = await page.goto(`${server.origin}/#inspect`);
  assert.match(response.headers()['content-security-policy'], /frame-ancestors 'self'/);
  await appReady(page);
  await fill(page, 'Token or AADSTS error', githubToken('repo:contoso/payments-api:environment:production'));
  await page.locator('.report').first().waitFor();
  await page.getByRole('tab', { name: 'From your files' }).click();
  await page.locator('#predict-file').fill(WORKFLOW);
  await page.locator('#job-deploy').waitFor();
  assert.deepEqual(record.errors, []);
  assert.deepEqual(record.console.filter((m) => m.type === 'error'), [], 'no policy violation');
  // A page of another site (another origin: localhost, another port) cannot frame it
  // (frame-ancestors 'self'); without the header the same frame renders the builder.
  const site = mkdtempSync(join(tmpdir(), 'fedcred-embedder-'));
  const embedder = await serve(site);
  t.after(() => embedder.close());
  const framed = async (origin) => {
    writeFileSync(join(site, 'index.html'), `<iframe src="${origin}/?embed=build"></iframe>`);
    await page.goto(`${embedder.origin.replace('127.0.0.1', 'localhost')}/`);
    const child = page.frames().find((f) => f !== page.mainFrame());
    return child ? child.locator('.builder').waitFor({ timeout: 5000 }).then(() => true, () => false) : false;
  };
  assert.equal(await framed(server.origin), false, 'the builder rendered inside another site');
  const bare = await serve();
  t.after(() => bare.close());
  assert.equal(await framed(bare.origin), true, 'without the header, the frame renders (so the test can see the difference)');
});
