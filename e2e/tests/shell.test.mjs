// The page shell against the release dist/: tabs, fragments, the CSP, and that nothing leaves
// the page's origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appReady, openPage, useServerAndBrowser } from '../lib/harness.mjs';

const env = useServerAndBrowser();

async function selectedTab(page) {
  return page.locator('[role=tab][aria-selected=true]').innerText();
}

async function visiblePanelHeading(page) {
  return page.locator('[role=tabpanel]:not([hidden]) h2').innerText();
}

test('the page shows the product, its tabs and the privacy promise', async () => {
  const { context, page, record } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/`);
  await appReady(page);
  assert.equal(await page.locator('h1').innerText(), 'fedcred');
  assert.deepEqual(await page.locator('[role=tab]').allInnerTexts(), [
    'Build a credential',
    'Inspect a token',
    'From your files',
  ]);
  assert.equal(await selectedTab(page), 'Build a credential');
  assert.match(await page.locator('footer').innerText(), /Nothing you type or paste is sent anywhere/);
  assert.equal(await page.locator('#fatal').isVisible(), false, 'the crash banner stays hidden');
  // The stylesheet and the script are minified after Trunk's build with new integrity hashes
  // (scripts/finalize-dist.mjs): a wrong hash would make the browser refuse them silently.
  assert.match(await page.evaluate(() => getComputedStyle(document.body).fontFamily), /system-ui/, 'the stylesheet applies');
  assert.equal(record.console.filter((m) => m.type === 'error').length, 0, JSON.stringify(record.console));
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('a WebAssembly trap (how a panic ends in the release build) reveals the crash banner', async () => {
  // panic=immediate-abort (scripts/dist.sh) makes a panic a trap that no Rust hook sees; the boot
  // module shows the banner for a trap however it surfaces, and for nothing else.
  for (const how of ['thrown', 'rejected']) {
    const { context, page } = await openPage(env.browser);
    await page.goto(`${env.server.origin}/`);
    await appReady(page);
    await page.evaluate(() => {
      setTimeout(() => { throw new Error('an ordinary script error'); });
      Promise.reject(new TypeError('an ordinary rejection'));
    });
    await page.waitForTimeout(50);
    assert.equal(await page.locator('#fatal').isVisible(), false, 'other errors do not show it');
    await page.evaluate((how) => {
      const trap = new WebAssembly.RuntimeError('unreachable');
      if (how === 'thrown') setTimeout(() => { throw trap; });
      else Promise.reject(trap);
    }, how);
    await page.locator('#fatal').waitFor({ state: 'visible' });
    assert.match(await page.locator('#fatal').innerText(), /Something went wrong/);
    await context.close();
  }
});

test('a browser without what the app is loaded with is told so in words, not left with an empty page', async () => {
  // The modules are inflated by DecompressionStream('deflate-raw') (scripts/wasm-pack.mjs):
  // Chromium 103, Firefox 113 and Safari 16.4 have it. Here WebAssembly is taken away (as Safari's
  // Lockdown Mode does), then DecompressionStream, then only its format.
  for (const [how, script] of [
    ['no WebAssembly (Safari\'s Lockdown Mode)', 'delete globalThis.WebAssembly;'],
    ['no DecompressionStream', 'delete globalThis.DecompressionStream;'],
    ['no deflate-raw', 'const Native = DecompressionStream; globalThis.DecompressionStream = class extends Native { constructor(format) { if (format === "deflate-raw") throw new TypeError("unsupported format"); super(format); } };'],
  ]) {
    const { context, page, record } = await openPage(env.browser);
    await page.addInitScript(script);
    await page.goto(`${env.server.origin}/#inspect`);
    await page.locator('#unsupported').waitFor({ state: 'visible' });
    assert.match(await page.locator('#unsupported').innerText(), /This browser cannot run fedcred\.\s+It needs WebAssembly, which some security settings turn off \(Safari's Lockdown Mode among them\), and Chrome or Edge 103, Firefox 113, Safari 16\.4 or later\. Nothing was sent anywhere\./, how);
    assert.equal(await page.locator('#fatal').isVisible(), false, `${how}: not the crash banner`);
    assert.equal(await page.locator('[role=tab]').count(), 0, `${how}: the app does not start`);
    // index.html preloads the first module whatever happens; the page's parts wait for the boot module.
    assert.deepEqual(record.requests.filter((u) => u.includes('/pages/')), [], `${how}: no page's part is downloaded`);
    await context.close();
  }
  const { context, page } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/`);
  await appReady(page);
  assert.equal(await page.locator('#unsupported').isVisible(), false, 'hidden where the browser has it');
  await context.close();
});

test('clicking a tab switches the panel and the URL fragment, and Back returns', async () => {
  const { context, page, record } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/`);
  await appReady(page);

  await page.getByRole('tab', { name: 'Inspect a token' }).click();
  assert.equal(new URL(page.url()).hash, '#inspect');
  assert.equal(await selectedTab(page), 'Inspect a token');
  assert.equal(await visiblePanelHeading(page), 'Inspect a token');

  await page.getByRole('tab', { name: 'Build a credential' }).click();
  assert.equal(new URL(page.url()).hash, '#build');
  assert.equal(await visiblePanelHeading(page), 'Build a credential');

  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[role=tab][aria-selected=true]')?.id === 'tab-inspect');
  assert.equal(await visiblePanelHeading(page), 'Inspect a token');
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('the arrow keys move between tabs like a real tab list', async () => {
  const { context, page } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/#build`);
  await appReady(page);
  await page.getByRole('tab', { name: 'Build a credential' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await selectedTab(page), 'Inspect a token');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-inspect');
  await page.keyboard.press('Home');
  assert.equal(await selectedTab(page), 'Build a credential');
  await context.close();
});

test('a link with #inspect opens the inspector', async () => {
  const { context, page } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/#inspect`);
  await appReady(page);
  assert.equal(await selectedTab(page), 'Inspect a token');
  assert.equal(await visiblePanelHeading(page), 'Inspect a token');
  await context.close();
});

test('the Content-Security-Policy forbids connections and foreign scripts', async () => {
  const { context, page, record } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/`);
  await appReady(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = Object.fromEntries(
    csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]),
  );
  assert.deepEqual(directives['connect-src'], ["'none'"]);
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);

  // Same origin or not, fetch is refused by the page itself.
  for (const target of [`${env.server.origin}/index.html`, 'https://example.com/collect']) {
    const outcome = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'sent';
      } catch (e) {
        return `blocked: ${e.name}`;
      }
    }, target);
    assert.equal(outcome, 'blocked: TypeError', target);
  }
  assert.ok(record.console.some((m) => /Content Security Policy/.test(m.text)), 'the browser reports the violation');
  await context.close();
});

test('every request the page makes goes to its own origin, and none is a fetch', async () => {
  const { context, page } = await openPage(env.browser);
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), type: r.resourceType() }));
  await page.goto(`${env.server.origin}/`);
  await appReady(page);
  await page.getByRole('tab', { name: 'Inspect a token' }).click();
  await page.getByRole('tab', { name: 'Build a credential' }).click();
  assert.ok(requests.length >= 3, `the page, its script and its stylesheet at least: ${JSON.stringify(requests)}`);
  for (const { url, type } of requests) {
    assert.equal(new URL(url).origin, env.server.origin, url);
    assert.notEqual(type, 'fetch', `${url} was fetched; the CSP allows no connection`);
  }
  await context.close();
});
