// The hostile-input corpus in the real browser: every input gets an answer on the page, the page
// stays alive, and the other inputs are kept. Output is escaped: HTML in a claim or a credential
// name renders as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { appReady, fill, githubToken, openPage, useServerAndBrowser } from '../lib/harness.mjs';

const DIR = fileURLToPath(new URL('../../tests/fixtures/hostile/', import.meta.url));
const corpus = readdirSync(DIR).sort().map((file) => [file.replace(/\.txt$/, ''), readFileSync(`${DIR}${file}`, 'utf8')]);
const FICS = JSON.stringify([{ name: 'prod', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:environment:prod', audiences: ['api://AzureADTokenExchange'] }]);

const env = useServerAndBrowser();

test('every pasted token and error text gets an answer and the page stays alive', async () => {
  const { context, page, record } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/#inspect`);
  await appReady(page);
  await fill(page, 'Credentials JSON', FICS);
  const pastes = corpus.filter(([name]) => name.startsWith('token-') || name.startsWith('error-'));
  for (const [name, text] of pastes) {
    await fill(page, 'Token or AADSTS error', text);
    await page.locator('.verdict').waitFor({ timeout: 5000 });
    assert.ok((await page.locator('#verdict-heading').innerText()).length > 0, name);
  }
  assert.equal(await page.getByLabel('Credentials JSON', { exact: true }).inputValue(), FICS, 'the other input is kept');
  assert.equal(await page.locator('#fatal').isVisible(), false);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('every pasted credential JSON is read or refused on the page', async () => {
  const { context, page, record } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/#inspect`);
  await appReady(page);
  const token = githubToken('repo:contoso/app:environment:prod');
  await fill(page, 'Token or AADSTS error', token);
  for (const [name, text] of corpus.filter(([n]) => n.startsWith('fics-'))) {
    await fill(page, 'Credentials JSON', text);
    await page.locator('.verdict').waitFor({ timeout: 5000 });
    assert.ok((await page.locator('.findings li').count()) + (await page.locator('.verdict.match').count()) > 0, name);
  }
  assert.equal(await page.getByLabel('Token or AADSTS error', { exact: true }).inputValue(), token);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('every shared-link state opens the builder or says why not', async () => {
  const { context, page, record } = await openPage(env.browser);
  for (const [name, text] of corpus.filter(([n]) => n.startsWith('state-'))) {
    await page.goto(`${env.server.origin}/#build?s=${encodeURIComponent(text)}`);
    await page.waitForSelector('.builder', { timeout: 5000 });
    assert.equal(await page.locator('#fatal').isVisible(), false, name);
  }
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('HTML in claims and credential names renders as text', async () => {
  const { context, page, record } = await openPage(env.browser);
  await page.goto(`${env.server.origin}/#inspect`);
  await appReady(page);
  const hostile = '<img src=x onerror="window.__pwned=1">';
  await fill(page, 'Token or AADSTS error', githubToken(`repo:contoso/app:environment:${hostile}`, { environment: `<script>window.__pwned=2</script>` }));
  await fill(page, 'Credentials JSON', JSON.stringify([{ name: hostile, issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:environment:prod', audiences: ['api://AzureADTokenExchange'] }]));
  await page.locator('.verdict').waitFor();
  assert.equal(await page.locator('table.comparison caption').first().innerText(), hostile);
  assert.ok((await page.locator('table.claims').last().innerText()).includes('<script>window.__pwned=2</script>'));
  assert.equal(await page.locator('main img, main script').count(), 0, 'no element was made from the input');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(record.errors, []);
  await context.close();
});
