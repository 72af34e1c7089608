// "From a workflow" (issue 17) as a user meets it: the first visit does not load the page's
// module; opening the tab does, once; a pasted workflow gives each job's subjects and the
// credential set, which copies and opens in the builder; a broken file says its line and keeps
// every input; a YAML bomb is refused without freezing the page; nothing goes to the network.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appReady, fill, openPage, useServerAndBrowser } from '../lib/harness.mjs';

const env = useServerAndBrowser();
const fixture = (name) => readFileSync(new URL(`../../crates/fedcred-cli/tests/fixtures/predict/${name}`, import.meta.url), 'utf8');

async function openPredict() {
  const opened = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await opened.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  await opened.page.goto(`${env.server.origin}/#build`);
  await appReady(opened.page);
  return opened;
}

const onDemand = (url) => /\/pages\/predict/.test(url);
const anyPage = (url) => /\/pages\//.test(url);

test('the first visit does not load the workflow page; opening it does, once', async () => {
  const { context, page, record } = await openPredict();
  assert.deepEqual(record.requests.filter(anyPage), [], 'the builder alone loads no other page\'s code');
  await page.getByRole('tab', { name: 'From a workflow' }).click();
  await page.locator('.lazy-page[data-page="predict"][data-state="ready"] #predict-file').waitFor();
  const loaded = record.requests.filter(onDemand);
  assert.equal(loaded.length, 2, `the page's glue and bytes: ${loaded.join(', ')}`);
  await page.getByRole('tab', { name: 'Build a credential' }).click();
  await page.getByRole('tab', { name: 'From a workflow' }).click();
  assert.equal(record.requests.filter(onDemand).length, 2, 'opening it again loads nothing more');
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('paste a workflow: subjects per job, the set, copy, and open in the builder', async () => {
  const { context, page, record } = await openPredict();
  await page.getByRole('tab', { name: 'From a workflow' }).click();
  await page.locator('#predict-file').waitFor();
  await fill(page, 'Repository', 'contoso/payments');
  await fill(page, 'Default branch', 'main');
  await fill(page, 'Workflow or pipeline file', fixture('deploy.yml'));

  const result = page.locator('#predict-result');
  await result.getByText('4 subjects, 1 patterns').waitFor();
  const deploy = page.locator('#job-deploy');
  assert.match(await deploy.innerText(), /repo:contoso\/payments:environment:production/);
  assert.match(await deploy.innerText(), /repo:contoso\/payments:environment:staging/);
  assert.match(await page.locator('#job-lint').innerText(), /No token: the job's permissions replace/);
  assert.match(await page.locator('#job-promote').innerText(), /Cannot be known from the file: the environment comes from another job's output/);
  assert.match(await page.locator('#job-test').innerText(), /pull_request/);

  const set = page.locator('.predict-set li');
  assert.equal(await set.count(), 5, 'four subjects and one pattern');
  const pattern = set.filter({ hasText: 'release/*' });
  assert.match(await pattern.innerText(), /not complete yet/);

  await page.getByRole('button', { name: 'Copy the credential set as JSON' }).click();
  await page.getByRole('button', { name: 'Copy the credential set as JSON' }).getByText('Copied').waitFor();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.deepEqual(copied.map((c) => c.subject).sort(), [
    'repo:contoso/payments:environment:production',
    'repo:contoso/payments:environment:staging',
    'repo:contoso/payments:pull_request',
    'repo:contoso/payments:ref:refs/heads/main',
  ]);
  await page.getByRole('button', { name: /Show the snippets/ }).click();
  assert.match(await page.locator('.snippet-panel pre.code').innerText(), /--subject repo:contoso\/payments:environment:staging/);

  // The pattern needs the repository ID: the builder asks for it.
  await pattern.getByRole('button', { name: 'Open in the builder' }).click();
  await page.locator('#panel-build:not([hidden])').waitFor();
  assert.equal(await page.locator('#panel-build').getByLabel('Repository', { exact: true }).inputValue(), 'contoso/payments');
  assert.match(await page.locator('.builder').innerText(), /repository ID/);

  // Back on the page, everything pasted is still there.
  await page.getByRole('tab', { name: 'From a workflow' }).click();
  assert.equal(await page.locator('#panel-predict').getByLabel('Repository', { exact: true }).inputValue(), 'contoso/payments');
  assert.match(await page.getByLabel('Workflow or pipeline file').inputValue(), /name: deploy/);

  await page.getByRole('button', { name: 'Open the whole set in the builder' }).click();
  await page.locator('#panel-build:not([hidden])').waitFor();
  assert.match(await page.locator('.saved-subject').first().innerText(), /repo:contoso\/payments/);
  assert.ok(record.requests.every((u) => u.startsWith(env.server.origin)), 'nothing leaves the page');
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('a reusable workflow given beside its caller resolves the called job', async () => {
  const { context, page } = await openPredict();
  await page.getByRole('tab', { name: 'From a workflow' }).click();
  await page.locator('#predict-file').waitFor();
  await fill(page, 'Repository', 'contoso/payments');
  await fill(page, 'Workflow or pipeline file', fixture('caller.yml'));
  assert.match(await page.locator('#predict-result').innerText(), /deploy-env\.yml, which was not given/);
  await page.getByRole('button', { name: 'Add a called workflow' }).click();
  await fill(page, 'File name', 'deploy-env.yml');
  await fill(page, 'Its text', fixture('deploy-env.yml'));
  await page.locator('#job-prod-apply').getByText('repo:contoso/payments:environment:production').first().waitFor();
  await context.close();
});

test('a broken file says its line and keeps every input; a YAML bomb does not freeze the page', async () => {
  const { context, page, record } = await openPredict();
  await page.getByRole('tab', { name: 'From a workflow' }).click();
  await page.locator('#predict-file').waitFor();
  await fill(page, 'Repository', 'contoso/payments');
  await fill(page, 'Workflow or pipeline file', 'on: [push\njobs:\n  a: {}\n');
  assert.match(await page.locator('#predict-result').innerText(), /line 2: not valid YAML.*Your inputs are kept/s);
  assert.equal(await page.getByLabel('Repository', { exact: true }).inputValue(), 'contoso/payments');

  let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(10).fill(i === 1 ? '*a' : `*a${i - 1}`).join(', ')}]\n`;
  const t0 = Date.now();
  await fill(page, 'Workflow or pipeline file', bomb);
  await page.locator('#predict-result').getByText(/more than 100000 values/).waitFor();
  assert.ok(Date.now() - t0 < 2000, `the bomb took ${Date.now() - t0} ms to refuse`);
  assert.deepEqual(record.errors, []);
  await context.close();
});
