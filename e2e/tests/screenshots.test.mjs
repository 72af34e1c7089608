// Regenerates the README's screenshots from the release build: each page, light and dark.
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

for (const page of ['build', 'inspect', 'predict']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`screenshot of ${page} in ${colorScheme}`, async () => {
      const { context, page: tab, record } = await openPage(env.browser, {
        colorScheme,
        viewport: { width: 1280, height: 900 },
      });
      await tab.goto(`${env.server.origin}/#${page}`);
      await appReady(tab);
      // Real content, as a user would have it.
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
        await panel.getByLabel('Workflow or pipeline file', { exact: true }).fill(readFileSync(new URL('../../crates/fedcred-cli/tests/fixtures/predict/deploy.yml', import.meta.url), 'utf8'));
        await tab.locator('#job-deploy').waitFor();
      } else {
        await fill(tab, 'Token or AADSTS error', githubToken('repo:contoso/payments-api:environment:production'));
        await fill(tab, 'Credentials JSON', JSON.stringify([{ name: 'payments-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/payments-api:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] }], null, 1));
        await tab.locator('.verdict').waitFor();
      }
      const background = await tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
      // The theme follows the system: a dark page has a dark background and the reverse.
      const [r, g, b] = background.match(/\d+/g).map(Number);
      const light = (r + g + b) / 3 > 128;
      assert.equal(light, colorScheme === 'light', `background ${background} in ${colorScheme}`);
      const file = `${OUT}${page}-${colorScheme}.png`;
      await tab.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 5000, `${file} has content`);
      assert.deepEqual(record.errors, []);
      await context.close();
    });
  }
}
