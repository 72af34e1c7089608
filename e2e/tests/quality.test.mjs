// Accessibility (axe-core, zero violations), responsive layout from 360 px, and privacy across a
// whole session: the token appears in no URL, history entry, storage, cookie or console message,
// and no request leaves the page's origin.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appReady, axeViolations, fill, openPage, signedGithubToken, useServerAndBrowser } from '../lib/harness.mjs';

const env = useServerAndBrowser();

const WORKFLOW = readFileSync(new URL('../../crates/fedcred-cli/tests/fixtures/predict/deploy.yml', import.meta.url), 'utf8');

async function filledPredict(page) {
  await page.getByRole('tab', { name: 'From your files' }).click();
  const panel = page.locator('#panel-predict');
  await panel.getByLabel('Repository', { exact: true }).fill('contoso/payments');
  await panel.getByLabel('Workflow, pipeline file or Kubernetes manifests', { exact: true }).fill(WORKFLOW);
  await page.locator('#job-deploy').waitFor();
}

const FICS = JSON.stringify([{ name: 'main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/payments-api:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] }]);

async function filledBuilder(page) {
  await fill(page, 'Repository', 'contoso/payments-api');
  await page.getByLabel('The job runs for').selectOption('environment');
  await fill(page, 'Environment', 'production');
}

for (const colorScheme of ['light', 'dark']) {
  test(`no axe violations on either page or embedded (${colorScheme})`, async () => {
    const { context, page } = await openPage(env.browser, { colorScheme, viewport: { width: 1280, height: 900 } });
    await page.goto(`${env.server.origin}/#build`);
    await appReady(page);
    await filledBuilder(page);
    await fill(page, 'Repository', 'contoso/p\u0430yments'); // an error message on screen too
    assert.deepEqual(await axeViolations(page), [], 'builder');

    await page.getByRole('tab', { name: 'Inspect a token' }).click();
    await fill(page, 'Token or AADSTS error', signedGithubToken('repo:contoso/payments-api:environment:production').token);
    await fill(page, 'Credentials JSON', FICS);
    await page.locator('.verdict').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'inspector');

    await filledPredict(page);
    assert.deepEqual(await axeViolations(page), [], 'workflow page');

    await page.goto(`${env.server.origin}/?embed=build`);
    await page.waitForSelector('.builder');
    assert.deepEqual(await axeViolations(page), [], 'embedded builder');
    await context.close();
  });
}

test('the layout fits 360 px without sideways scrolling', async () => {
  const { context, page } = await openPage(env.browser, { viewport: { width: 360, height: 740 } });
  await page.goto(`${env.server.origin}/#build`);
  await appReady(page);
  await filledBuilder(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `builder overflows by ${overflow}px`);
  // The result is below the form on a phone: a line at the top says it is ready and links there.
  assert.match(await page.locator('#result-summary').innerText(), /^Ready: repo:contoso\/payments-api:environment:production/);
  // Long values wrap after '/', ':' and '.', not inside a word; the text itself is unchanged.
  assert.equal(await page.locator('#result-issuer-0').innerText(), 'https://token.actions.githubusercontent.com');
  assert.ok(await page.locator('#result-issuer-0 wbr').count() >= 5);
  await page.getByRole('tab', { name: 'Inspect a token' }).click();
  await fill(page, 'Token or AADSTS error', signedGithubToken('repo:contoso/payments-api:environment:production').token);
  await fill(page, 'Credentials JSON', FICS);
  const overflowInspect = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflowInspect <= 0, `inspector overflows by ${overflowInspect}px`);
  await filledPredict(page);
  const overflowPredict = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflowPredict <= 0, `the workflow page overflows by ${overflowPredict}px`);
  await context.close();
});

test('across a whole session the token stays in the page and nothing leaves the origin', async () => {
  const { context, page, record } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  const { token, jwks } = signedGithubToken('repo:contoso/payments-api:environment:production');
  const [header, payload, signature] = token.split('.');
  await page.goto(`${env.server.origin}/`);
  await appReady(page);
  await filledBuilder(page);
  await page.getByRole('button', { name: /Copy a link that opens this builder/ }).click();
  await page.getByRole('tab', { name: 'Inspect a token' }).click();
  await fill(page, 'Token or AADSTS error', token);
  await fill(page, 'Credentials JSON', FICS);
  await page.locator('.verdict').waitFor();
  await page.getByText("Check the signature with the issuer's keys").click();
  await fill(page, 'JWKS', jwks);
  await page.locator('.unverified', { hasText: 'signature verified' }).waitFor();
  await page.getByRole('button', { name: 'Create a credential that accepts this token' }).click();
  await page.getByRole('tab', { name: 'Inspect a token' }).click();
  // Walk the whole history: no entry's URL holds any part of the token.
  const visited = [page.url()];
  while (await page.evaluate(() => history.length) > 1 && visited.length < 12) {
    const before = page.url();
    await page.goBack();
    if (page.url() === before) break;
    visited.push(page.url());
  }
  const steps = visited.length - 1;
  for (let i = 0; i < steps; i++) {
    await page.goForward();
    visited.push(page.url());
  }
  for (const url of visited) {
    assert.ok(!url.includes(payload) && !url.includes(signature), `history entry ${url.slice(0, 80)}`);
  }
  assert.ok(visited.length >= 3, `walked ${visited.length} history entries`);

  for (const url of record.requests) {
    assert.equal(new URL(url).origin, env.server.origin, `request to ${url}`);
  }
  const traces = await page.evaluate(() => ({
    url: location.href,
    history: history.length,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie,
  }));
  const cookies = JSON.stringify(await context.cookies());
  for (const part of [payload, signature, token]) {
    assert.ok(!traces.url.includes(part), 'not in the URL');
    assert.ok(!traces.local.includes(part) && !traces.session.includes(part), 'not in storage');
    assert.ok(!traces.cookies.includes(part) && !cookies.includes(part), 'not in cookies');
    for (const message of record.console) assert.ok(!message.text.includes(part), `not in the console: ${message.text.slice(0, 80)}`);
  }
  for (const url of record.requests) assert.ok(!url.includes(payload), 'not in any request');
  assert.ok(header.length > 0);
  assert.deepEqual(record.errors, []);
  await context.close();
});

for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 740 }]) {
  test(`after a paste the answer is in view (${viewport.width}x${viewport.height})`, async () => {
    const { context, page } = await openPage(env.browser, { viewport });
    await page.goto(`${env.server.origin}/#inspect`);
    await appReady(page);
    await fill(page, 'Credentials JSON', FICS);
    await fill(page, 'Token or AADSTS error', signedGithubToken('repo:contoso/payments-api:environment:production').token);
    await page.locator('#verdict-summary').waitFor();
    assert.match(await page.locator('#verdict-summary').innerText(), /^No match: Entra will answer AADSTS700213$/);
    // The answer is beside the paste box, in view without scrolling.
    const inView = (id) => page.evaluate((id) => {
      const rect = document.getElementById(id).getBoundingClientRect();
      return rect.top >= -1 && rect.bottom <= window.innerHeight + 1;
    }, id);
    assert.equal(await inView('verdict-summary'), true);
    // It links to the report, which comes into view.
    await page.locator('#verdict-summary a').click();
    await page.waitForFunction(() => {
      const rect = document.getElementById('verdict-heading').getBoundingClientRect();
      return rect.top >= -1 && rect.top < window.innerHeight;
    });
    await context.close();
  });
}
