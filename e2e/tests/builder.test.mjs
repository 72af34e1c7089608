// Building credentials as a user would: a GitHub environment credential copied as an az command,
// inline validation that keeps every input, several credentials on one identity, a shared link, and
// the advanced GitHub inputs that render only when opened or in use.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appReady, fill, openPage, useServerAndBrowser } from '../lib/harness.mjs';

const env = useServerAndBrowser();

async function openBuilder(hash = '#build') {
  const opened = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await opened.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  await opened.page.goto(`${env.server.origin}/${hash}`);
  await appReady(opened.page);
  return opened;
}

test('build a GitHub environment credential and copy the az command', async () => {
  const { context, page, record } = await openBuilder();
  await fill(page, 'Repository', 'contoso/payments-api');
  await page.getByLabel('The job runs for').selectOption('environment');
  await fill(page, 'Environment', 'production');
  await fill(page, 'Managed identity name', 'id-payments');
  await fill(page, 'Resource group', 'rg-payments');

  assert.equal(await page.locator('#result-subject-0').innerText(), 'repo:contoso/payments-api:environment:production');
  assert.equal(await page.locator('#result-issuer-0').innerText(), 'https://token.actions.githubusercontent.com');
  assert.equal(await page.locator('#result-audience-0').innerText(), 'api://AzureADTokenExchange');

  await page.getByRole('tab', { name: 'az CLI' }).click();
  const shown = await page.locator('.snippet-panel pre.code').innerText();
  assert.match(shown, /az identity federated-credential create/);
  assert.match(shown, /--subject repo:contoso\/payments-api:environment:production/);
  await page.getByRole('button', { name: 'Copy the az CLI snippet' }).click();
  await page.getByRole('button', { name: 'Copy the az CLI snippet' }).getByText('Copied').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied.trim(), shown.trim(), 'the copy button copies exactly what is shown');

  // Downloads: the bytes equal what is shown, under the file name the tool expects.
  const saved = async (name) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
    return [download.suggestedFilename(), readFileSync(await download.path(), 'utf8')];
  };
  const [azName, azFile] = await saved('Download fic.sh');
  assert.equal(azName, 'fic.sh');
  assert.equal(azFile.trim(), shown.trim());
  const [jsonName, jsonFile] = await saved('Download the credentials (JSON)');
  assert.equal(jsonName, 'federated-credentials.json');
  assert.deepEqual(JSON.parse(jsonFile), [{ name: 'github-contoso-payments-api-env-production', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/payments-api:environment:production', audiences: ['api://AzureADTokenExchange'] }]);
  await page.getByRole('tab', { name: 'Bicep' }).click();
  const [bicepName] = await saved('Download fic.bicep');
  assert.equal(bicepName, 'fic.bicep');
  assert.match(await page.locator('.snippet-panel .notes').innerText(), /--resource-group rg-payments/);

  await page.getByRole('tab', { name: 'Workload' }).click();
  assert.match(await page.locator('.snippet-panel pre.code').innerText(), /environment: "production"/);
  const [workflowName, workflowFile] = await saved('Download azure-login.yml');
  assert.equal(workflowName, 'azure-login.yml');
  assert.equal(workflowFile.trim(), (await page.locator('.snippet-panel pre.code').innerText()).trim());
  // A format that does not apply is offered disabled, with the reason.
  await page.getByLabel('Kind').selectOption('managed-identity');
  assert.equal(await page.getByRole('tab', { name: 'Graph REST' }).isDisabled(), true);
  assert.match(await page.getByRole('tab', { name: 'Graph REST' }).getAttribute('title'), /app registrations only/);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('the snippet formats other than az load the first time one is chosen, once; a failed load is said and the inputs stay', async () => {
  // Issue 26: the az CLI's snippet is the page's own; PowerShell, Graph, Bicep, Terraform and the
  // workload side are a part of their own (src/components/snippets.rs), which no page downloads
  // until one of them is chosen.
  const { context, page, record } = await openBuilder();
  const formats = () => record.requests.filter((url) => /\/pages\/formats_bg-/.test(new URL(url).pathname));
  await fill(page, 'Repository', 'contoso/payments-api');
  await page.getByLabel('The job runs for').selectOption('environment');
  await fill(page, 'Environment', 'production');
  await fill(page, 'Managed identity name', 'id-payments');
  await fill(page, 'Resource group', 'rg-payments');
  assert.match(await page.locator('.snippet-panel pre.code').innerText(), /az identity federated-credential create/);
  assert.equal(formats().length, 0, 'the az snippet needs no other renderer');
  await page.getByRole('tab', { name: 'PowerShell', exact: true }).click();
  assert.match(await page.locator('.snippet-panel pre.code').innerText(), /New-AzFederatedIdentityCredential/);
  await page.getByRole('tab', { name: 'Terraform' }).click();
  assert.match(await page.locator('.snippet-panel pre.code').innerText(), /resource "azurerm_federated_identity_credential"/);
  await page.getByRole('tab', { name: 'az CLI' }).click();
  assert.match(await page.locator('.snippet-panel pre.code').innerText(), /az identity federated-credential create/);
  assert.equal(formats().length, 1, 'loaded once, for every format');
  assert.deepEqual(record.errors, []);
  await context.close();

  // When the part cannot be loaded, the panel says so in words; the form and the az snippet stay.
  const second = await openBuilder();
  await second.page.route(/\/pages\/formats_bg-/, (route) => route.abort());
  await fill(second.page, 'Repository', 'contoso/payments-api');
  await second.page.getByLabel('The job runs for').selectOption('environment');
  await fill(second.page, 'Environment', 'production');
  await second.page.getByRole('tab', { name: 'Bicep' }).click();
  await second.page.locator('.snippet-panel').getByRole('alert').getByText('The Bicep snippet could not be loaded: reload the page to try again. Your inputs are kept.').waitFor();
  assert.equal(await second.page.getByLabel('Repository', { exact: true }).inputValue(), 'contoso/payments-api');
  await second.page.getByRole('tab', { name: 'az CLI' }).click();
  assert.match(await second.page.locator('.snippet-panel pre.code').innerText(), /--subject repo:contoso\/payments-api:environment:production/);
  await second.context.close();
});

test('validation speaks beside the field and switching platform keeps the inputs', async () => {
  const { context, page } = await openBuilder();
  await fill(page, 'Repository', 'contoso/p\u0430yments'); // a Cyrillic a
  const messages = page.locator('#github-repo-messages');
  assert.match(await messages.innerText(), /U\+0430/);
  assert.equal(await page.getByLabel('Repository', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('.credentials .blocked').innerText(), /to fix before the credential can be built/);

  await page.getByLabel('Platform').selectOption('kubernetes');
  await fill(page, 'Namespace', 'Payments');
  assert.match(await page.locator('#k8s-namespace-messages').innerText(), /use payments/);
  await page.getByLabel('Platform').selectOption('github');
  assert.equal(await page.getByLabel('Repository', { exact: true }).inputValue(), 'contoso/p\u0430yments', 'nothing typed is lost');
  await page.getByLabel('Platform').selectOption('kubernetes');
  assert.equal(await page.getByLabel('Namespace', { exact: true }).inputValue(), 'Payments');
  await context.close();
});

test('several credentials on one identity: no error before typing, the next asks for what differs, each saved one shows its subject and can be edited', async () => {
  const { context, page } = await openBuilder();
  // A fresh form says what is missing calmly, and no field is red before it was touched.
  assert.equal(await page.locator('.messages .error').count(), 0, 'no error before any typing');
  assert.match(await page.locator('#to-fill').innerText(), /To build the credential, fill in: repo/);
  await fill(page, 'Repository', 'contoso/payments-api');
  await page.getByLabel('The job runs for').selectOption('environment');
  await fill(page, 'Environment', 'staging');
  await page.getByRole('button', { name: 'Add another credential' }).click();
  // The new credential keeps the repository, empties the environment and puts the focus there.
  await page.waitForFunction(() => document.activeElement?.id === 'github-entity-value');
  assert.equal(await page.getByLabel('Environment', { exact: true }).inputValue(), '');
  assert.equal(await page.getByLabel('Repository', { exact: true }).inputValue(), 'contoso/payments-api');
  assert.equal(await page.locator('.messages .error').count(), 0, 'no duplicate-name error under an empty field');
  assert.match(await page.locator('#stale-note').innerText(), /Out of date/);
  await fill(page, 'Environment', 'production');
  assert.match(await page.locator('.credentials .count').innerText(), /2 of 20 on this identity/);
  const subjects = await page.locator('.credential code[id^="result-subject"]').allInnerTexts();
  assert.deepEqual(subjects, ['repo:contoso/payments-api:environment:staging', 'repo:contoso/payments-api:environment:production']);
  assert.equal(await page.locator('.set .saved-subject').innerText(), 'repo:contoso/payments-api:environment:staging');
  // The same value again: the error lands on the field to change.
  await fill(page, 'Environment', 'staging');
  assert.match(await page.locator('#github-entity-value-messages').innerText(), /repeats an issuer and subject/);
  await fill(page, 'Environment', 'production');
  await page.getByRole('button', { name: 'Edit credential 1' }).click();
  assert.equal(await page.getByLabel('Environment', { exact: true }).inputValue(), 'staging');
  assert.equal(await page.locator('.set .saved-subject').innerText(), 'repo:contoso/payments-api:environment:production');
  await page.getByRole('button', { name: 'Remove credential 1 from the set' }).click();
  assert.match(await page.locator('.credentials .count').innerText(), /1 of 20/);
  await context.close();
});

test('a shared link reopens the builder exactly', async () => {
  const { context, page } = await openBuilder();
  await page.getByLabel('Platform').selectOption('terraform');
  await fill(page, 'Organization', 'contoso');
  await fill(page, 'Workspace', 'payments-prod');
  await page.getByLabel('Run phase').selectOption('any');
  await page.getByRole('button', { name: /Copy a link that opens this builder/ }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, new RegExp(`^${env.server.origin}/#build\\?s=`));
  // The address bar follows once typing pauses (URL_DELAY_MS in src/app.rs).
  await page.waitForFunction((expected) => location.href === expected, link, { timeout: 2000 });
  assert.equal(link, page.url(), 'the address bar holds the same link');
  await context.close();

  const reopened = await openBuilder(link.slice(env.server.origin.length + 1));
  const p = reopened.page;
  assert.equal(await p.getByLabel('Platform').inputValue(), 'terraform');
  assert.equal(await p.getByLabel('Organization', { exact: true }).inputValue(), 'contoso');
  assert.equal(await p.getByLabel('Run phase').inputValue(), 'any');
  assert.equal(await p.locator('#result-expression-0').innerText(), "claims['sub'] matches 'organization:contoso:project:Default Project:workspace:payments-prod:run_phase:*'");
  await reopened.context.close();
});

test('a link whose reader cannot be loaded says so, and the address keeps the state for a reload', async () => {
  // The reader of a link's state is a part of its own (src/link.rs); when it cannot be loaded the
  // builder starts empty, says why in words, and does not write over the state in the address.
  const state = Buffer.from(JSON.stringify({ platform: 'github', github: { repo: 'contoso/linked' } })).toString('base64url');
  const opened = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await opened.page.route(/\/pages\/link_bg-/, (route) => route.abort());
  await opened.page.goto(`${env.server.origin}/#build?s=${state}`);
  await appReady(opened.page);
  assert.equal(
    await opened.page.getByRole('alert').first().innerText(),
    "This link's builder state could not be opened: the code that reads it could not be loaded; reload the page to try again. The builder starts empty.",
  );
  assert.equal(await opened.page.getByLabel('Repository', { exact: true }).inputValue(), '');
  await opened.page.waitForTimeout(400); // longer than the address bar's wait (src/hooks/address_bar.rs)
  assert.equal(await opened.page.evaluate(() => location.hash), `#build?s=${state}`);
  await opened.context.close();
});

test('a link followed while the page is open shows the builder once its state is read', async () => {
  const state = Buffer.from(JSON.stringify({ platform: 'github', github: { repo: 'contoso/followed' } })).toString('base64url');
  const { context, page, record } = await openBuilder('#inspect');
  await page.evaluate((s) => { location.hash = `#build?s=${s}`; }, state);
  await page.locator('#panel-build:not([hidden])').waitFor();
  assert.equal(await page.getByLabel('Repository', { exact: true }).inputValue(), 'contoso/followed', 'never empty first');
  assert.equal(record.requests.filter((u) => /\/pages\/link_bg-/.test(u)).length, 1, 'the reader, loaded once');
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('a damaged link says so and the builder still works', async () => {
  const { context, page, record } = await openBuilder('#build?s=not-a-state!');
  assert.match(await page.getByRole('alert').first().innerText(), /could not be opened/);
  await fill(page, 'Repository', 'contoso/app');
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('the IDs show for an immutable subject, the advanced inputs when opened, and a link reopens both', async () => {
  const { context, page } = await openBuilder();
  assert.equal(await page.getByLabel('Owner ID', { exact: true }).count(), 0, 'not shown for a name-based subject');
  await fill(page, 'Repository', 'contoso/payments-api');
  await page.getByLabel('The job runs for').selectOption('environment');
  await fill(page, 'Environment', 'production');
  await page.getByLabel('Subject form the repository sends').selectOption('immutable');
  await fill(page, 'Owner ID', '65');
  await fill(page, 'Repository ID', '74');
  assert.equal(await page.locator('#result-subject-0').innerText(), 'repo:contoso@65/payments-api@74:environment:production');
  assert.equal(await page.getByLabel('GitHub Enterprise Server host', { exact: true }).count(), 0, 'advanced inputs not rendered while closed');
  await page.getByText('Enterprise issuers and customised subjects').click();
  await fill(page, 'Enterprise slug (unique issuer)', 'avocado');
  assert.equal(await page.locator('#result-issuer-0').innerText(), 'https://token.actions.githubusercontent.com/avocado');
  await page.getByRole('button', { name: /Copy a link that opens this builder/ }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  await context.close();

  const reopened = await openBuilder(link.slice(env.server.origin.length + 1));
  assert.equal(await reopened.page.getByLabel('Owner ID', { exact: true }).inputValue(), '65', 'shown without opening');
  assert.equal(await reopened.page.locator('details.advanced').evaluate((details) => details.open), true);
  await reopened.context.close();
});

test('Azure DevOps: the Subject identifier pasted from the connection page fills the IDs', async () => {
  const { context, page } = await openBuilder();
  await page.getByLabel('Platform').selectOption('azure-devops');
  const identifier = '/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176';
  await fill(page, 'Subject identifier (optional, from the service connection page)', identifier);
  assert.equal(await page.locator('#result-subject-0').innerText(), identifier);
  assert.equal(await page.locator('#result-issuer-0').innerText(), 'https://login.microsoftonline.com/ff882432-09b0-437b-bd22-ca13c0037ded/v2.0');
  // A typed ID that disagrees with the page is named on its field.
  await fill(page, 'Service connection ID', '00000000-0000-0000-0000-000000000001');
  assert.match(await page.locator('#ado-connection-id-messages').innerText(), /the service connection page is the authority/);
  await context.close();
});
