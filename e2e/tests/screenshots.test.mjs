// Regenerates the README's screenshots from the release build: each page, light and dark, on a
// laptop and on a phone, the audit (issue 27), Kubernetes manifests (issue 29), Terraform (issue 31) and the secrets
// report (issue 30).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { appReady, fill, githubToken, openPage, useServerAndBrowser } from '../lib/harness.mjs';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const env = useServerAndBrowser();

before(() => {
  mkdirSync(OUT, { recursive: true });
});

/** Fills `page` with real content, as a user would have it. */
async function fillPage(tab, page) {
  if (page === 'build') {
    await fill(tab, 'Repository', 'contoso/payments-api');
    await tab.getByLabel('Subject form the repository sends').selectOption('immutable');
    await fill(tab, 'Owner ID', '5544123');
    await fill(tab, 'Repository ID', '821093847');
    await tab.getByLabel('The job runs for').selectOption('environment');
    await fill(tab, 'Environment', 'staging');
    await fill(tab, 'Managed identity name', 'id-payments');
    await fill(tab, 'Resource group', 'rg-payments');
    // A set on one identity: staging saved, production in the form.
    await tab.getByRole('button', { name: 'Add another credential' }).click();
    await fill(tab, 'Environment', 'production');
  } else if (page === 'predict') {
    const panel = tab.locator('#panel-predict');
    await panel.getByLabel('Repository', { exact: true }).fill('contoso/payments');
    await panel.getByLabel('Default branch', { exact: true }).fill('main');
    await panel.getByLabel('Workflow, pipeline file or Kubernetes manifests', { exact: true }).fill(readFileSync(new URL('../../crates/fedcred-cli/tests/fixtures/predict/deploy.yml', import.meta.url), 'utf8'));
    await tab.locator('#job-deploy').waitFor();
  } else if (page === 'kubernetes') {
    // Manifests with the webhook's common mistakes (issue 29), and the cluster's issuer.
    const panel = tab.locator('#panel-predict');
    await panel.getByLabel('Workflow, pipeline file or Kubernetes manifests', { exact: true }).fill(readFileSync(new URL('../../crates/fedcred-cli/tests/fixtures/predict/k8s-app.yaml', import.meta.url), 'utf8'));
    await tab.locator('#workload-Deployment-payments-api').waitFor();
    await panel.getByLabel('Cluster issuer', { exact: true }).fill('https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/3f0c0e4a-2c47-4ad4-9d2a-0a0b8d6c1e55/');
    await tab.locator('#predict-result').getByText('1 credential (1 subject)').waitFor();
  } else if (page === 'secrets') {
    // "Are the secrets gone?" with an app list and each app's federated credentials (issue 30).
    await tab.getByText('Are the secrets gone? The migration from client secrets').click();
    const dir = new URL('../../crates/fedcred-core/tests/fixtures/secrets/', import.meta.url).pathname;
    await tab.locator('#secrets-files').setInputFiles(['az-ad-app-list.json', 'fics-b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58.json', 'fics-41f9c6a3-2e7d-4b15-a8c0-9e3d5f7b2c16.json', 'graph-app-fics.json'].map((f) => dir + f));
    await tab.locator('#secrets-headline').waitFor();
    await tab.locator('#secrets-migration').scrollIntoViewIfNeeded();
  } else if (page === 'terraform') {
    // A Terraform folder with a local module, and the value it cannot know (issue 31).
    await tab.getByText('Or audit Terraform, Bicep or ARM before it is deployed').click();
    const dir = new URL('../../crates/fedcred-cli/tests/fixtures/terraform/ci', import.meta.url).pathname;
    await tab.locator('#inspect-terraform-folder').setInputFiles(dir);
    await tab.locator('#declared-heading').waitFor();
    await fill(tab, 'Values', 'repo = "contoso/payments"');
    await tab.locator('#declared-heading').getByText('The Terraform declares 3 credentials').waitFor();
    await tab.locator('#inspect-terraform').scrollIntoViewIfNeeded();
  } else if (page === 'audit') {
    // Credentials without a token: the audit, with the repository's IDs for the migration.
    const fixture = (name) => readFileSync(new URL(`../../crates/fedcred-cli/tests/fixtures/audit/${name}`, import.meta.url), 'utf8');
    const ws = { name: 'main-ws', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/payments:ref:refs/heads/main ', audiences: ['api://AzureADTokenExchange'], id: '/subscriptions/s1/resourceGroups/rg-pay/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pay/federatedIdentityCredentials/main-ws' };
    await tab.locator('#inspect-fics').fill(JSON.stringify([...JSON.parse(fixture('risky.json')), ws], null, 1));
    await tab.getByText('Migrations: what they need (optional)').click();
    await fill(tab, 'What gh api repos/OWNER/REPO prints', fixture('ids.json'));
    await tab.locator('#migrations-heading').waitFor();
  } else {
    await fill(tab, 'Token or AADSTS error', githubToken('repo:contoso/payments-api:environment:production'));
    await fill(tab, 'Credentials JSON', JSON.stringify([{ name: 'payments-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/payments-api:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] }], null, 1));
    await tab.locator('.verdict').waitFor();
  }
}

// Each page on a laptop, light and dark; each on a phone (375 px), light; the audit on a laptop.
const SHOTS = [
  ...['build', 'inspect', 'predict'].flatMap((page) => [
    { page, colorScheme: 'light', width: 1280, name: `${page}-light` },
    { page, colorScheme: 'dark', width: 1280, name: `${page}-dark` },
    { page, colorScheme: 'light', width: 375, name: `${page}-phone` },
  ]),
  { page: 'audit', colorScheme: 'light', width: 1280, name: 'audit-light' },
  { page: 'kubernetes', colorScheme: 'light', width: 1280, name: 'kubernetes-light' },
  { page: 'kubernetes', colorScheme: 'light', width: 375, name: 'kubernetes-phone' },
  { page: 'secrets', colorScheme: 'light', width: 1280, name: 'secrets-light' },
  { page: 'secrets', colorScheme: 'light', width: 375, name: 'secrets-phone' },
  { page: 'terraform', colorScheme: 'light', width: 1280, name: 'terraform-light' },
  { page: 'terraform', colorScheme: 'light', width: 375, name: 'terraform-phone' },
];

for (const { page, colorScheme, width, name } of SHOTS) {
  test(`screenshot ${name}`, async () => {
    const { context, page: tab, record } = await openPage(env.browser, {
      colorScheme,
      viewport: { width, height: 900 },
    });
    const entry = { audit: 'inspect', kubernetes: 'predict', secrets: 'inspect', terraform: 'inspect' }[page] ?? page;
    await tab.goto(`${env.server.origin}/#${entry}`);
    await appReady(tab);
    await fillPage(tab, page);
    const background = await tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // The theme follows the system: a dark page has a dark background and the reverse.
    const [r, g, b] = background.match(/\d+/g).map(Number);
    const light = (r + g + b) / 3 > 128;
    assert.equal(light, colorScheme === 'light', `background ${background} in ${colorScheme}`);
    const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} overflows sideways by ${overflow}px`);
    const file = `${OUT}${name}.png`;
    await tab.screenshot({ path: file, fullPage: true });
    assert.ok(statSync(file).size > 5000, `${file} has content`);
    assert.deepEqual(record.errors, []);
    await context.close();
  });
}
