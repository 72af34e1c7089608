// Embedding in a documentation page: one panel, preset and read-only, and the height told to the
// parent so the iframe fits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appReady, openPage, useServerAndBrowser } from '../lib/harness.mjs';

const env = useServerAndBrowser();

// The builder state a docs page would preset: GitHub, org and repo filled in.
const STATE = Buffer.from(JSON.stringify({ platform: 'github', github: { repo: 'contoso/docs-demo', entity: { environment: 'production' } } })).toString('base64url');

test('?embed=build shows only the builder, preset and read-only', async () => {
  const { context, page, record } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/?embed=build&readonly#build?s=${STATE}`);
  await page.waitForSelector('.builder');
  assert.equal(await page.locator('header').count(), 0);
  assert.equal(await page.locator('footer.site-footer').count(), 0);
  // The privacy promise and a way to the full app stay (issue 16).
  assert.match(await page.locator('footer.embed-footer').innerText(), /nothing you type or paste is sent anywhere/);
  const open = page.getByRole('link', { name: 'Open in fedcred' });
  assert.equal(await open.getAttribute('href'), `${env.server.origin}/#build?s=${STATE}`);
  assert.equal(await page.locator('[role=tablist][aria-label="fedcred pages"]').count(), 0);
  assert.equal(await page.getByLabel('Repository', { exact: true }).inputValue(), 'contoso/docs-demo');
  assert.equal(await page.getByLabel('Repository', { exact: true }).evaluate((e) => e.readOnly), true);
  assert.equal(await page.getByLabel('Platform').isDisabled(), true);
  assert.equal(await page.locator('#result-subject-0').innerText(), 'repo:contoso/docs-demo:environment:production');
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('an unknown embed value says so and shows the builder', async () => {
  const { context, page } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/?embed=bulid`);
  await page.waitForSelector('.builder');
  assert.match(await page.locator('.link-error').innerText(), /names no page/);
  await context.close();
});

test('an embedded page tells its parent its height', async () => {
  const { context, page } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/nothing-here`);
  const height = await page.evaluate(async (src) => {
    document.body.innerHTML = '';
    const frame = document.createElement('iframe');
    // The inspector's module loads after the first render: the parent hears a small height,
    // then the page's own once it is mounted. It keeps the last.
    const got = new Promise((resolve) => {
      let last = 0;
      window.addEventListener('message', (e) => {
        if (e.data && e.data.type === 'fedcred:height') last = e.data.height;
        if (last > 200) resolve(last);
      });
      setTimeout(() => resolve(last), 10000);
    });
    frame.src = src;
    document.body.append(frame);
    return got;
  }, `${env.server.origin}/?embed=inspect`);
  assert.ok(height > 200, `height ${height}`);
  await context.close();
});
