// The release build works wherever it is hosted (issue 28): at a host's root and under a
// sub-path (a GitHub Pages project site is https://OWNER.github.io/REPO/), every page loads its
// parts, and nothing is asked of the host's root; each hosting recipe in deploy/ sends the page's
// own policy as a header (with frame-ancestors) and the same security headers, and the page works
// under them.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * On a page opened at #inspect: a token explained, then a workflow predicted on the workflow page
 * (each page with its parts); nothing failed and the policy refused nothing.
 */
async function useInspectorAndWorkflowPage(page, record) {
  await appReady(page);
  await fill(page, 'Token or AADSTS error', githubToken('repo:contoso/payments-api:environment:production'));
  await page.locator('.report').first().waitFor();
  await page.getByRole('tab', { name: 'From your files' }).click();
  await page.locator('#predict-file').fill(WORKFLOW);
  await page.locator('#job-deploy').waitFor();
  assert.deepEqual(record.errors, []);
  assert.deepEqual(record.console.filter((m) => m.type === 'error'), [], 'no policy violation');
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
  await useInspectorAndWorkflowPage(page, record);
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

test('the container\'s nginx serves the release build gzipped, with the headers, and the page works through it', async (t) => {
  // The recipe's own server block (deploy/nginx/default.conf) in nginx's http block, as the image's
  // nginx.conf includes it, with gzip left off there as the image leaves it; only the port, the
  // folder served and where the headers file is read from are this test's.
  const nginx = process.env.NGINX ?? ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
  if (!nginx) {
    t.skip('no nginx on this machine (set NGINX to its path): the container recipe is checked only as text above');
    return;
  }
  const port = await new Promise((ok) => { const s = createNetServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); }); });
  // The release build copied as the Dockerfile copies it, into a folder nginx's workers can read:
  // started as root, they run as nobody, and the test's own folders may be closed to others.
  const dir = mkdtempSync(join(tmpdir(), 'fedcred-nginx-'));
  chmodSync(dir, 0o755);
  cpSync(DIST, join(dir, 'html'), { recursive: true });
  const server = deploy('nginx/default.conf')
    .replace('listen 8080;', `listen 127.0.0.1:${port};`)
    .replace('root /usr/share/nginx/html;', `root ${join(dir, 'html')};`)
    .replaceAll('include /etc/nginx/fedcred/security-headers.conf;', `include ${fileURLToPath(new URL('../../deploy/nginx/security-headers.conf', import.meta.url))};`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${dir}/${k};`).join(' ');
  writeFileSync(join(dir, 'nginx.conf'), `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events {}
http {
  types { text/html html; text/css css; application/javascript js; image/svg+xml svg; application/json json; }
  default_type application/octet-stream;
  access_log off; sendfile on; ${temp}
  ${server}
}
`);
  const child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  t.after(() => child.kill());
  const origin = `http://127.0.0.1:${port}`;
  const get = (path, headers = {}) => new Promise((ok, fail) => httpGet(`${origin}${path}`, { headers }, (res) => { res.resume(); res.on('end', () => ok(res)); }).on('error', fail));
  for (let tries = 0; ; tries++) {
    try { await get('/'); break; } catch (e) { if (tries > 100 || child.exitCode !== null) throw new Error(`nginx did not start: ${stderr || e}`); await new Promise((r) => setTimeout(r, 50)); }
  }
  const page = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(page.statusCode, 200, `/: ${page.statusCode} (${stderr})`);
  assert.equal(page.headers['content-encoding'], 'gzip', 'the page is gzipped');
  assert.equal(page.headers['cache-control'], 'no-cache');
  assert.equal(page.headers['content-security-policy'], `${PAGE_CSP}; frame-ancestors 'self'`);
  const scripts = [...readFileSync(`${DIST}/index.html`, 'utf8').matchAll(/(?:href|src)="\.\/([^"]+\.(?:js|css))"/g)].map((m) => `/${m[1]}`);
  assert.ok(scripts.length >= 4, scripts.join(', '));
  for (const path of scripts) {
    const res = await get(path, { 'accept-encoding': 'gzip' });
    assert.equal(res.statusCode, 200, path);
    assert.equal(res.headers['content-encoding'], 'gzip', `${path} is gzipped`);
    assert.match(res.headers.vary ?? '', /Accept-Encoding/, `${path}: Vary, so a cache keeps both`);
    assert.match(res.headers['cache-control'], /immutable/, path);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
    assert.equal((await get(path)).headers['content-encoding'], undefined, `${path} as it is to a client that accepts no gzip`);
  }
  // Chromium, through it: each page with its parts, every script gzipped, nothing refused.
  const { context, page: tab, record } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const encodings = new Map();
  tab.on('response', (r) => encodings.set(new URL(r.url()).pathname, r.headers()['content-encoding']));
  await tab.goto(`${origin}/#inspect`);
  await useInspectorAndWorkflowPage(tab, record);
  const js = [...encodings].filter(([path]) => path.endsWith('.js'));
  assert.ok(js.some(([path]) => path.startsWith('/pages/inspect_bg-')) && js.some(([path]) => path.startsWith('/pages/predict_bg-')), js.map(([p]) => p).join(', '));
  assert.deepEqual(js.filter(([, encoding]) => encoding !== 'gzip'), [], 'every script arrives gzipped');
});
