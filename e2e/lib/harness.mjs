// Shared pieces of the end-to-end tests: serve dist/ on 127.0.0.1, drive Debian's Chromium
// through playwright-core, and record everything a page does on the network and the console.
import { createServer } from 'node:http';
import { after, before } from 'node:test';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

// FEDCRED_DIST points the tests at another build (an older dist/, to see a new test fail on it).
export const DIST = resolve(process.env.FEDCRED_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url)));
export const ARTIFACTS = resolve(fileURLToPath(new URL('../artifacts', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

// The flags Chromium needs here: no sandbox as root, and no background calls to Google hosts
// (this network refuses them, and a privacy test must see only the page's own requests).
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Serves `root` on 127.0.0.1 at a free port, under the path `base` (`/`, or a sub-path such as
 * `/fedcred/`, as a GitHub Pages project site serves it: anything outside it is a 404), with the
 * response headers `headersFor(path)` gives; with `gzip`, each file gzipped (level 9, as a host
 * serves it) to a client that accepts it. Resolves to { origin, close }; the page is at
 * origin + base.
 */
export async function serve(root = DIST, base = '/', headersFor = () => ({}), { gzip = false } = {}) {
  const zipped = new Map();
  const server = createServer(async (req, res) => {
    try {
      const full = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (!full.startsWith(base)) throw new Error('outside the base path');
      const path = `/${full.slice(base.length)}`;
      const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
      if (!file.startsWith(root)) throw new Error('outside root');
      const body = await readFile(file);
      const type = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!zipped.has(file)) zipped.set(file, gzipSync(body, { level: 9 }));
        res.writeHead(200, { ...headersFor(path), ...type, 'content-encoding': 'gzip' });
        res.end(zipped.get(file));
        return;
      }
      res.writeHead(200, { ...headersFor(path), ...type });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Launches Debian's Chromium (CHROMIUM overrides the path). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * Opens a page in a fresh context and records what it does: `requests` (every URL it asked for),
 * `console` (every console message) and `errors` (uncaught exceptions).
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const record = { requests: [], console: [], errors: [] };
  page.on('request', (r) => record.requests.push(r.url()));
  page.on('console', (m) => record.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => record.errors.push(String(e)));
  return { context, page, record };
}

/**
 * Opens a page as `openPage` does, over an emulated link: `latency` ms each way and `mbit`
 * Mbit/s each way (Chromium's network emulation). Also gives the page's DevTools session.
 */
export async function openPageOverLink(browser, { latency, mbit }, options = {}) {
  const opened = await openPage(browser, options);
  const client = await opened.context.newCDPSession(opened.page);
  await client.send('Network.enable');
  await client.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: mbit * 125_000, uploadThroughput: mbit * 125_000 });
  return { ...opened, client };
}

/**
 * Serves dist/ and launches Chromium for the tests of one file, and closes both after them.
 * Returns an object whose `server` and `browser` are set once the tests start.
 */
export function useServerAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** What shows that an entry page is usable: a control of its own, rendered by its code. */
export const ENTRY_READY = { build: '#github-repo', inspect: '#inspect-paste', predict: '#predict-file' };

/**
 * What a cold visit to each entry page downloads (issue 26): a fresh browser context per entry,
 * every file it requests until the page is usable, each counted once and gzipped (level 9); and
 * all three pages in one visit (the builder, then the other two tabs). Resolves to
 * { build, inspect, predict, all }, each { gzip, files, requested }: the paths under `root` it
 * downloaded, and every path it asked for, in order, repeats included.
 */
export async function coldVisits(browser, server, root = DIST) {
  const measure = (urls) => {
    const requested = urls.map((url) => {
      const path = decodeURIComponent(new URL(url).pathname);
      return path.endsWith('/') ? `${path}index.html` : path;
    });
    const files = [...new Set(requested)].filter((path) => existsSync(join(root, path)));
    const gzip = files.reduce((sum, path) => sum + gzipSync(readFileSync(join(root, path)), { level: 9 }).length, 0);
    return { gzip, files, requested };
  };
  const out = {};
  for (const [entry, selector] of Object.entries(ENTRY_READY)) {
    const { context, page, record } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.origin}/#${entry}`);
    await page.locator(selector).waitFor({ timeout: 30000 });
    out[entry] = measure(record.requests);
    await context.close();
  }
  const { context, page, record } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.origin}/#build`);
  await page.locator(ENTRY_READY.build).waitFor({ timeout: 30000 });
  await page.getByRole('tab', { name: 'Inspect a token' }).click();
  await page.locator(ENTRY_READY.inspect).waitFor({ timeout: 30000 });
  await page.getByRole('tab', { name: 'From your files' }).click();
  await page.locator(ENTRY_READY.predict).waitFor({ timeout: 30000 });
  out.all = measure(record.requests);
  await context.close();
  return out;
}

/** Waits until the app has rendered (its tab list is on the page). */
export async function appReady(page) {
  await page.waitForSelector('[role=tablist] [role=tab]', { timeout: 15000 });
}

/** A realistic GitHub Actions token (GitHub docs' example claims), valid for five minutes. */
export function githubToken(sub, overrides = {}) {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = {
    jti: 'example-id', sub, environment: 'production', aud: 'api://AzureADTokenExchange',
    ref: 'refs/heads/main', repository: 'contoso/payments-api', repository_owner: 'contoso',
    event_name: 'workflow_dispatch', ref_type: 'branch',
    job_workflow_ref: 'contoso/payments-api/.github/workflows/deploy.yml@refs/heads/main',
    iss: 'https://token.actions.githubusercontent.com', nbf: now - 10, exp: now + 290, iat: now - 10,
    ...overrides,
  };
  return `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64(claims)}.${Buffer.from('signature-bytes').toString('base64url')}`;
}

/** Types into the field with this label, replacing what is there. */
export async function fill(page, label, value) {
  await page.getByLabel(label, { exact: true }).fill(value);
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (through the DevTools protocol, which the page's CSP does not
 * govern) and returns its violations, WCAG 2.1 A and AA rules.
 */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5), help: v.help }));
  });
}

/** A freshly generated RSA key pair, a token signed with it (RS256), and its JWKS. */
export function signedGithubToken(sub) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const unsigned = githubToken(sub).split('.').slice(0, 2).join('.');
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  const jwk = publicKey.export({ format: 'jwk' });
  return { token: `${unsigned}.${signature}`, jwks: JSON.stringify({ keys: [{ ...jwk, kid: 'k1', use: 'sig', alg: 'RS256' }] }) };
}
