// Auditing a credential set in the inspector (issue 18): credentials pasted without a token get
// the audit, per identity, with each finding's code, its credential and the fix; the migration
// to immutable subjects downloads as a script that waits for proof before deleting; a paste of
// 10,000 credentials is audited whole (how long it blocks the page is in make bench).
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appReady, fill, openPage, useServerAndBrowser } from '../lib/harness.mjs';

const env = useServerAndBrowser();
const fixture = (name) => readFileSync(new URL(`../../crates/fedcred-cli/tests/fixtures/audit/${name}`, import.meta.url), 'utf8');

async function openInspector() {
  const opened = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await opened.page.goto(`${env.server.origin}/#inspect`);
  await appReady(opened.page);
  await opened.page.locator('#inspect-fics').waitFor();
  return opened;
}

test('credentials without a token are audited, with the migration as a script', async () => {
  const { context, page, record } = await openInspector();
  // The audit's code is a part of its own, loaded when credentials are first pasted (issue 26).
  const auditPart = (url) => /\/pages\/audit_bg-/.test(url);
  assert.deepEqual(record.requests.filter(auditPart), [], 'no audit code before credentials are given');
  await fill(page, 'Credentials JSON', fixture('risky.json'));
  await page.locator('#audit-heading').getByText('Audit: 0 errors, 1 warning, 2 notes').waitFor();
  assert.equal(record.requests.filter(auditPart).length, 1, 'the audit part, once');
  const identity = page.locator('.audit-identity').first();
  assert.match(await identity.locator('h4').innerText(), /id-pay\s+2 of 20 credentials, 18 left/);
  const pr = identity.locator('li[data-code="pull_request_trust"]');
  assert.match(await pr.innerText(), /^Warning\s+prs\s.*pull_request.*Fix: /is);
  assert.equal(await page.getByRole('link', { name: /migration/ }).count(), 0, 'no IDs, no migration');

  await page.getByText('Migrations: what they need (optional)').click();
  await fill(page, 'What gh api repos/OWNER/REPO prints', fixture('ids.json'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the az CLI migration' }).click()]);
  assert.equal(download.suggestedFilename(), 'migrate.sh');
  const script = readFileSync(await download.path(), 'utf8');
  assert.match(script, /--subject repo:contoso@5544123\/payments@821093847:environment:prod/);
  assert.ok(script.indexOf('if [ "${CONFIRMED:-}" != yes ]') < script.indexOf('fc_delete prod prod-immutable'), 'deletes wait for proof');
  assert.match(script, /each only after checking that its replacement exists/);
  assert.ok(record.requests.every((u) => u.startsWith(env.server.origin)));
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('a paste of 10,000 credentials is audited whole, and shows the first findings with "Show all"', async () => {
  const { context, page, record } = await openInspector();
  const many = JSON.stringify(Array.from({ length: 10000 }, (_, i) => ({ name: `env-${i}`, issuer: 'https://token.actions.githubusercontent.com', subject: `repo:contoso/app-${i % 50}:environment:e${i}`, audiences: ['api://AzureADTokenExchange'] })));
  await page.getByLabel('Credentials JSON', { exact: true }).fill(many);
  await page.locator('#audit-heading').waitFor({ timeout: 20000 });
  assert.match(await page.locator('.audit-identity h4').first().innerText(), /10000 of 20 credentials, 0 left/);
  assert.match(await page.locator('li[data-code="set_limit"]').innerText(), /10000 credentials on one identity/);
  // The 10,000 name-based notes are one item (issue 27), its folded list the first 50 of them.
  const mutable = page.locator('li[data-code="subject_mutable"]');
  assert.match(await mutable.locator('.finding-message').innerText(), /^10000 credentials name the repository or project, not its ID: env-0, .* and 9990 more$/);
  assert.equal(await mutable.locator('details li').count(), 50, 'the first 50 findings');
  assert.match(await page.getByRole('button', { name: /Show all \d+ findings/ }).innerText(), /Show all/);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('a large set opened from a file is audited without going through the text area', async () => {
  const { context, page, record } = await openInspector();
  const many = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ name: `env-${i}`, issuer: 'https://token.actions.githubusercontent.com', subject: `repo:contoso/app:environment:e${i}`, audiences: ['api://AzureADTokenExchange'] })), null, 2);
  await page.getByLabel('Or open a JSON file').setInputFiles({ name: 'fics.json', mimeType: 'application/json', buffer: Buffer.from(many) });
  await page.locator('#audit-heading').waitFor({ timeout: 20000 });
  assert.match(await page.locator('#inspect-fics-summary').innerText(), /Credentials JSON: \d+ KB/);
  assert.equal(await page.locator('#inspect-fics').count(), 0, 'not shown as text');
  assert.match(await page.locator('.audit-identity h4').first().innerText(), /2000 of 20 credentials/);
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.locator('#inspect-fics').waitFor();
  assert.equal(await page.locator('#audit-heading').count(), 0);
  assert.ok(record.requests.every((u) => u.startsWith(env.server.origin)), 'the file is read in the page');
  await context.close();
});

test('re-pointing an issuer from the inspector', async () => {
  const { context, page } = await openInspector();
  await fill(page, 'Credentials JSON', fixture('risky.json'));
  await page.locator('#audit-heading').waitFor();
  await page.getByText('Migrations: what they need (optional)').click();
  await fill(page, 'Re-point the issuer', 'https://token.actions.githubusercontent.com');
  await fill(page, 'to the new issuer', 'https://token.actions.githubusercontent.com/contoso');
  await page.locator('li[data-code="issuer_repoint"]').waitFor();
  await page.getByText('The PowerShell migration (migrate.ps1)').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the PowerShell migration' }).click()]);
  const script = readFileSync(await download.path(), 'utf8');
  assert.match(script, /https:\/\/token\.actions\.githubusercontent\.com\/contoso/);
  assert.match(script, /Remove-FcCredential 'prod' 'prod-reissued'/);
  await context.close();
});

test('a large paste is kept aside, not laid out in the text area, and audited', async () => {
  const { context, page } = await openInspector();
  const many = JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ name: `env-${i}`, issuer: 'https://token.actions.githubusercontent.com', subject: `repo:contoso/app:environment:e${i}`, audiences: ['api://AzureADTokenExchange'] })));
  assert.ok(many.length > 256 * 1024);
  const inserted = await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const area = document.querySelector('#inspect-fics');
    area.focus();
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    area.dispatchEvent(event);
    return !event.defaultPrevented;
  }, many);
  assert.equal(inserted, false, 'the page took the paste instead of the text area');
  await page.locator('#audit-heading').waitFor({ timeout: 20000 });
  assert.match(await page.locator('#inspect-fics-summary').innerText(), /Credentials JSON: \d+ KB/);
  assert.match(await page.locator('.audit-identity h4').first().innerText(), /3000 of 20 credentials/);
  await context.close();
});

test('when the audit\'s code cannot be loaded, the page says so and keeps every input', async () => {
  const { context, page, record } = await openInspector();
  // The audit is a part of its own (issue 26): a network that drops it must not cost the paste.
  await page.route(/\/pages\/audit_bg-/, (route) => route.abort());
  const credentials = fixture('risky.json');
  await fill(page, 'Credentials JSON', credentials);
  await page.getByRole('alert').getByText('The audit could not be loaded: reload the page to try again.').waitFor();
  assert.equal(await page.getByLabel('Credentials JSON', { exact: true }).inputValue(), credentials);
  assert.equal(await page.locator('#audit-heading').count(), 0);
  // A token still gets its verdict: the inspector's own part is loaded.
  await fill(page, 'Token or AADSTS error', 'AADSTS700213: No matching federated identity record found for presented assertion subject \'repo:contoso/payments:ref:refs/heads/main\'.');
  await page.locator('.verdict').waitFor();
  assert.ok(record.requests.every((u) => u.startsWith(env.server.origin)));
  await context.close();
});

// Issue 30: "Are the secrets gone?" at the inspector's foot. The listings are opened as files (an
// app list and each app's federated credentials, named for its app ID); the report's code travels
// in the audit's part, loaded when the section is opened; the removal script is the one the CLI
// writes.
test('the secrets report from opened listings: each app\'s state, and the removal script', async () => {
  const { context, page, record } = await openInspector();
  const secretsPart = (url) => /\/pages\/audit_bg-/.test(url);
  assert.deepEqual(record.requests.filter(secretsPart), [], 'no secrets code before the section is opened');
  await page.getByText('Are the secrets gone? The migration from client secrets').click();
  const dir = new URL('../../crates/fedcred-core/tests/fixtures/secrets/', import.meta.url).pathname;
  await page.locator('#secrets-files').setInputFiles([
    'az-ad-app-list.json',
    'fics-b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58.json',
    'fics-41f9c6a3-2e7d-4b15-a8c0-9e3d5f7b2c16.json',
    'graph-app-fics.json',
  ].map((f) => dir + f));
  const headline = page.locator('#secrets-headline');
  await headline.getByText('3 identities: 1 not migrated, 1 in progress, 1 done').waitFor();
  assert.equal(record.requests.filter(secretsPart).length, 1, 'the part that carries it, loaded once');
  assert.equal(await page.locator('.secrets-table tbody tr').count(), 3, 'a row per identity, as the headline counts');
  const script = await page.locator('#secrets-script').innerText();
  assert.match(script, /remove b84e1d27-5c3a-4f96-8e02-7a1c9d6f4e58 \S+ deploy-pipeline-prod \S+ certificate migrated/);
  assert.doesNotMatch(script, /e2d7a9c1/, 'nothing for the app without secrets');
  assert.equal(await page.locator('#secrets-next').count(), 0, 'nothing missing');
  assert.deepEqual(record.errors, []);
  assert.ok(record.requests.every((url) => url.startsWith(env.server.origin)), 'nothing leaves the page');
  await context.close();
});

// Issue 31: Terraform audited before it is deployed. A folder opened in the inspector's section
// is read here (a root module, its terraform.tfvars and the local module it calls); what it
// cannot know is listed until the Values box gives it; each finding carries the lines to change.
test('a Terraform folder: what it declares, what it cannot know, and the lines to change', async () => {
  const { context, page, record } = await openInspector();
  const auditPart = (url) => /\/pages\/audit_bg-/.test(url);
  assert.deepEqual(record.requests.filter(auditPart), [], 'the reader is not downloaded before the section is opened');
  await page.getByText('Or audit Terraform, Bicep or ARM before it is deployed').click();
  const dir = new URL('../../crates/fedcred-cli/tests/fixtures/terraform/ci', import.meta.url).pathname;
  await page.locator('#inspect-terraform-folder').setInputFiles(dir);
  await page.locator('#inspect-terraform-opened').getByText(/3 files read from the folder ci, audited below/).waitFor();
  const heading = page.locator('#declared-heading');
  await heading.getByText('The Terraform declares 0 credentials; 3 cannot be known from the files').waitFor();
  assert.match(await page.locator('.unresolved').innerText(), /var\.repo has no default and no value was given: give it with a line repo = "VALUE" in the Values box/);
  await fill(page, 'Values', 'repo = "contoso/app"');
  await heading.getByText('The Terraform declares 3 credentials').waitFor();
  assert.match(await page.locator('.declared-list').innerText(), /module\.github\["prod"\]\.azurerm_federated_identity_credential\.this prod|module\.github\["prod"\]\.azurerm_federated_identity_credential\.this github-prod/);
  const slash = page.locator('[data-code="issuer_trailing_slash"]').first();
  assert.match(await slash.locator('.fix.edit pre').innerText(), /modules\/github\/main\.tf:8\n  issuer = "https:\/\/token\.actions\.githubusercontent\.com"$/);
  assert.match(await page.locator('[data-code="pull_request_trust"]').innerText(), /pull-requests/);
  assert.equal(record.requests.filter(auditPart).length, 1, 'the part that carries the reader, once');
  assert.deepEqual(record.errors, []);
  assert.ok(record.requests.every((url) => url.startsWith(env.server.origin)), 'nothing leaves the page');
  await context.close();
});

test('Terraform pasted into the credentials box is audited as Terraform, with the section\'s Values', async () => {
  const { context, page, record } = await openInspector();
  const tf = [
    'variable "repo" {}',
    'resource "azurerm_federated_identity_credential" "main" {',
    '  name      = "github-main"',
    '  parent_id = azurerm_user_assigned_identity.deploy.id',
    '  issuer    = "https://token.actions.githubusercontent.com/"',
    '  subject   = "repo:${var.repo}:ref:refs/heads/main"',
    '  audience  = ["api://AzureADTokenExchange"]',
    '}',
  ].join('\n');
  await fill(page, 'Credentials JSON', tf);
  const heading = page.locator('#declared-heading');
  await heading.getByText('The Terraform declares 0 credentials; 1 cannot be known from the files').waitFor();
  await page.locator('#inspect-terraform-opened').getByText(/pasted in the credentials box declares credentials: it is audited below/).waitFor();
  await fill(page, 'Values', 'repo = "contoso/app"');
  await heading.getByText('The Terraform declares 1 credential').waitFor();
  assert.match(await page.locator('[data-code="issuer_trailing_slash"] .fix.edit pre').innerText(), /^pasted\.tf:5\n  issuer = "https:\/\/token\.actions\.githubusercontent\.com"$/);
  assert.equal(await page.getByLabel('Credentials JSON', { exact: true }).inputValue(), tf, 'the paste is kept');
  assert.deepEqual(record.errors, []);
  assert.ok(record.requests.every((url) => url.startsWith(env.server.origin)), 'nothing leaves the page');
  await context.close();
});

// Issue 31: Bicep in the same section. A folder with a module and its .bicepparam is read in the
// page (its package.json left out); the fix is written in Bicep.
test('a Bicep folder: its module followed with the parameters file, the fix in Bicep', async () => {
  const { context, page, record } = await openInspector();
  await page.getByText('Or audit Terraform, Bicep or ARM before it is deployed').click();
  const dir = new URL('../../crates/fedcred-cli/tests/fixtures/bicep/infra', import.meta.url).pathname;
  await page.locator('#inspect-terraform-folder').setInputFiles(dir);
  await page.locator('#inspect-terraform-opened').getByText(/3 files read from the folder infra, audited below/).waitFor();
  const heading = page.locator('#declared-heading');
  await heading.getByText('The Bicep declares 2 credentials').waitFor();
  assert.match(await page.locator('.declared-list').innerText(), /fics\[1\]\.fic github-prod: https:\/\/token\.actions\.githubusercontent\.com\/ repo:contoso\/app:environment:prod/);
  const slash = page.locator('[data-code="issuer_trailing_slash"]').first();
  assert.match(await slash.locator('.fix.edit pre').innerText(), /modules\/fic\.bicep:13\n  issuer: 'https:\/\/token\.actions\.githubusercontent\.com'$/);
  // A value typed in the Values box wins over the parameters file's.
  await fill(page, 'Values', 'environments = ["prod"]');
  await heading.getByText('The Bicep declares 1 credential').waitFor();
  assert.deepEqual(record.errors, []);
  assert.ok(record.requests.every((url) => url.startsWith(env.server.origin)), 'nothing leaves the page');
  await context.close();
});

test('an ARM template pasted into the credentials box is audited as a template, with the section\'s Values', async () => {
  const { context, page, record } = await openInspector();
  const template = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { identityName: { type: 'string' } },
    resources: [{
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
      apiVersion: '2023-01-31',
      name: "[format('{0}/{1}', parameters('identityName'), 'github-main')]",
      properties: { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:ref:refs/heads/main', audiences: ['api://AzureADTokenExchangeX'] },
    }],
  }, null, 2);
  await fill(page, 'Credentials JSON', template);
  const heading = page.locator('#declared-heading');
  await heading.getByText('The ARM template declares 0 credentials; 1 cannot be known from the files').waitFor();
  assert.match(await page.locator('.unresolved').innerText(), /parameter 'identityName' of pasted-template\.json has no default and no value given: give it with a line identityName = "VALUE" in the Values box/);
  await fill(page, 'Values', 'identityName = "uami-ci"');
  await heading.getByText('The ARM template declares 1 credential').waitFor();
  assert.match(await page.locator('[data-code="audience_mismatch"] .fix.edit pre').innerText(), /^pasted-template\.json:\d+\n  "audiences": \["api:\/\/AzureADTokenExchange"\]$/);
  assert.equal(await page.getByLabel('Credentials JSON', { exact: true }).inputValue(), template, 'the paste is kept');
  assert.deepEqual(record.errors, []);
  assert.ok(record.requests.every((url) => url.startsWith(env.server.origin)), 'nothing leaves the page');
  await context.close();
});
