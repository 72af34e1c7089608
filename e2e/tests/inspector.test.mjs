// Inspecting as a user would: a real-shaped token against a mismatching credential, an AADSTS
// error text, and "create a credential that accepts this token".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appReady, fill, githubToken, openPage, signedGithubToken, useServerAndBrowser } from '../lib/harness.mjs';

const env = useServerAndBrowser();

const FICS = JSON.stringify([
  { name: 'payments-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/payments-api:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] },
]);

async function openInspector() {
  const opened = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await opened.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  await opened.page.goto(`${env.server.origin}/#inspect`);
  await appReady(opened.page);
  return opened;
}

test('a token and a mismatching credential: the verdict, the cause and the fix', async () => {
  const { context, page, record } = await openInspector();
  const token = githubToken('repo:contoso/payments-api:environment:production');
  await fill(page, 'Token or AADSTS error', `Bearer ${token}`);
  assert.equal(await page.locator('#recognised').innerText(), 'Recognised: a token.');
  await fill(page, 'Credentials JSON', FICS);

  assert.equal(await page.locator('#verdict-heading').innerText(), 'No match: Entra will answer AADSTS700213');
  const finding = page.locator('.findings li[data-code="subject_environment_vs_ref"]');
  assert.match(await finding.innerText(), /the job names an environment/);
  assert.match(await finding.locator('.fix-words').innerText(), /add a credential for repo:contoso\/payments-api:environment:production beside 'payments-main'/);
  const command = await finding.locator('.fix code').innerText();
  assert.match(command, /^az ad app federated-credential create .*"subject":"repo:contoso\/payments-api:environment:production"/);
  await finding.getByRole('button', { name: 'Copy the command' }).click();
  await finding.getByText('Copied').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), command, 'the copy button copies exactly what is shown');

  // The token's line reads the whole subject; the highlighted part is where it differs.
  const tokenLine = page.locator('table.comparison .diff-line').filter({ has: page.locator('mark.actual') });
  assert.equal(await tokenLine.locator('code').innerText(), 'repo:contoso/payments-api:environment:production');
  assert.match(await tokenLine.locator('mark.actual').innerText(), /^environment:productio/);
  assert.match(await page.locator('.unverified').innerText(), /decoded, not verified/);
  assert.equal(await page.locator('.token-parts .part-header').innerText(), token.split('.')[0]);
  assert.match(await page.locator('table.claims:not(.header)').innerText(), /in 5 minutes|in 4 minutes/);
  assert.match(await page.locator('table.claims.header').innerText(), /signature algorithm: Entra supports RS256/);

  // Offline from here: handing the credential to the builder needs nothing more from the network.
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Create a credential that accepts this token' }).click();
  assert.equal(await page.locator('[role=tab][aria-selected=true]').first().innerText(), 'Build a credential');
  assert.equal(await page.locator('#result-subject-0').innerText(), 'repo:contoso/payments-api:environment:production');
  // The address bar follows the builder, and Back returns to the inspector.
  await page.waitForFunction(() => location.hash.startsWith('#build'));
  // The state is handed to the builder in memory: a shared link's reader is not needed for it.
  assert.deepEqual(record.requests.filter((u) => /\/pages\/link_bg-/.test(u)), []);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('an AADSTS error text is recognised and diagnosed without the token', async () => {
  const { context, page } = await openInspector();
  await fill(page, 'Token or AADSTS error', "Error: AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com/'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.");
  assert.equal(await page.locator('#recognised').innerText(), 'Recognised: an Entra error text (AADSTS700211).');
  await fill(page, 'Credentials JSON', FICS);
  assert.equal(await page.locator('#verdict-heading').innerText(), 'No match: Entra answered AADSTS700211');
  assert.ok(await page.locator('.findings li[data-code="issuer_trailing_slash"]').isVisible());
  await context.close();
});

test('garbage keeps the page alive and the other inputs', async () => {
  const { context, page, record } = await openInspector();
  await fill(page, 'Credentials JSON', FICS);
  for (const junk of ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIi', 'a.b.c.d.e', '\u202e\u0000{{{', 'x'.repeat(200000)]) {
    await fill(page, 'Token or AADSTS error', junk);
    assert.ok(await page.locator('.verdict').isVisible(), junk.slice(0, 20));
  }
  assert.equal(await page.getByLabel('Credentials JSON', { exact: true }).inputValue(), FICS);
  assert.equal(await page.locator('#fatal').isVisible(), false);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('a pasted JWKS verifies the signature in the browser, and a changed token fails', async () => {
  const { context, page, record } = await openInspector();
  const { token, jwks } = signedGithubToken('repo:contoso/payments-api:environment:production');
  await fill(page, 'Token or AADSTS error', token);
  await page.getByText("Check the signature with the issuer's keys").click();
  await fill(page, 'JWKS', jwks);
  await page.locator('.unverified', { hasText: 'signature verified' }).waitFor();
  assert.equal(await page.locator('#jwks-result').innerText(), 'the signature verifies with this key');

  const [h, , sig] = token.split('.');
  const tampered = `${h}.${githubToken('repo:contoso/payments-api:environment:staging').split('.')[1]}.${sig}`;
  await fill(page, 'Token or AADSTS error', tampered);
  await page.locator('.unverified', { hasText: 'signature INVALID' }).waitFor();
  assert.match(await page.locator('#jwks-result').innerText(), /does not verify/);
  assert.deepEqual(record.errors, []);
  await context.close();
});

test('the closest credential is shown in full, the others in a line each until asked', async () => {
  const { context, page } = await openInspector();
  const fics = ['staging', 'test', 'production-eu'].map((env) => ({ name: env, issuer: 'https://token.actions.githubusercontent.com', subject: `repo:contoso/payments-api:environment:${env}`, audiences: ['api://AzureADTokenExchange'] }));
  await fill(page, 'Token or AADSTS error', githubToken('repo:contoso/payments-api:environment:production'));
  await fill(page, 'Credentials JSON', JSON.stringify(fics));
  assert.equal(await page.locator('table.comparison').count(), 1);
  assert.equal(await page.locator('table.comparison caption').innerText(), 'production-eu', 'the closest one');
  assert.deepEqual(await page.locator('.brief-credentials .name').allInnerTexts(), ['staging', 'test']);
  assert.match(await page.locator('.brief-credentials li').first().innerText(), /issuer matches.*audience matches.*subject differs/s);
  await page.getByRole('button', { name: 'Show all 3 comparisons' }).click();
  assert.equal(await page.locator('table.comparison').count(), 3);
  await context.close();
});
