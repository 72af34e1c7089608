// The pages speak to a person (issue 27): each test is one class of what a new user's walk found
// said wrong, and fails on the build before that issue. Every page is reached on a phone; the page
// never gives a command-line flag or reads a finding's code as a word; counts agree with their
// nouns and with what is listed; the audit puts errors first, in words as well as colour, groups
// repeated notes, gives each fix its command and shows the migrations; quiet jobs are quiet;
// controls belong to the file's platform; trust is judged alike everywhere; invisible
// differences are made visible; links hold what the page says and open on a complete state; and
// every copy button has a name of its own.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appReady, fill, githubToken, openPage, useServerAndBrowser } from '../lib/harness.mjs';

const env = useServerAndBrowser();

const GH = 'https://token.actions.githubusercontent.com';
const AUD = 'api://AzureADTokenExchange';
const ARM = (name) => `/subscriptions/s1/resourceGroups/rg-pay/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pay/federatedIdentityCredentials/${name}`;
const fic = (name, subject) => ({ id: ARM(name), name, issuer: GH, subject, audiences: [AUD] });

/** One identity with an error (white space), a duplicate, a pull-request credential and five name-based subjects. */
const RISKY = JSON.stringify([
  fic('prod', 'repo:contoso/payments:environment:prod'),
  fic('prs', 'repo:contoso/payments:pull_request'),
  fic('prod2', 'repo:contoso/payments:environment:prod'),
  fic('main-ws', 'repo:contoso/payments:ref:refs/heads/main '),
  fic('stage', 'repo:contoso/payments:environment:stage'),
]);
const IDS = '{"id": 821093847, "full_name": "contoso/payments", "owner": {"id": 5544123}}';

const CALLER = `on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:
permissions:
  id-token: write
jobs:
  deploy:
    uses: ./.github/workflows/deploy-env.yml
  direct:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: azure/login@v2
  preview:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: azure/login@v2
`;

const GITLAB = `stages: [build, deploy]
build:
  stage: build
  script: make
deploy:
  stage: deploy
  id_tokens:
    AZURE_TOKEN:
      aud: api://AzureADTokenExchange
  script: az login --federated-token $AZURE_TOKEN
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
`;

const AZURE_PIPELINES = readFileSync(new URL('../../crates/fedcred-cli/tests/fixtures/predict/azure-pipelines.yml', import.meta.url), 'utf8');

/** The command-line's words: a flag of fedcred's or a fedcred command. */
const CLI_WORDS = /fedcred (predict|audit|explain|fic|decode)\b|--(repo|default-branch|kind|github-ids|fics|token|customization|subject-identifier|format)\b/;
/** A count whose noun disagrees with it. */
const ONE_PLURAL = /(^|[^\d.])1 (errors|warnings|notes|subjects|patterns|credentials|findings|jobs)\b/;

async function open(hash, viewport = { width: 1280, height: 900 }) {
  const opened = await openPage(env.browser, { viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  await opened.page.goto(`${env.server.origin}/#${hash}`);
  await appReady(opened.page);
  return opened;
}

async function predict(page, text) {
  await page.locator('#predict-file').waitFor();
  await fill(page, 'Workflow, pipeline file or Kubernetes manifests', text);
  await page.locator('#predict-result').waitFor();
  await page.waitForTimeout(200);
}

async function audit(page) {
  await page.locator('#inspect-fics').waitFor();
  await page.locator('#inspect-fics').fill(RISKY);
  await page.locator('#audit-heading').waitFor();
}

/** Each finding's sentence never holds its code; the code is set apart, outside the sentence. */
async function codesSetApart(page, scope) {
  const items = page.locator(`${scope} li[data-code]`);
  const n = await items.count();
  assert.ok(n > 0, `findings in ${scope}`);
  for (let i = 0; i < n; i++) {
    const item = items.nth(i);
    const code = await item.getAttribute('data-code');
    const sentence = await item.locator('.finding-message').first().innerText();
    assert.ok(!sentence.includes(code), `${code} read as part of: ${sentence}`);
    assert.equal(await item.locator('.finding-code code').first().innerText(), code);
    assert.equal(await item.locator('.finding-message .finding-code').count(), 0);
  }
}

test('on a phone every page has its tab in view, without a sideways scroll', async () => {
  for (const width of [375, 320]) {
    const { context, page } = await open('build', { width, height: 740 });
    const strip = page.getByRole('tablist', { name: 'fedcred pages' });
    const { scroll, client } = await strip.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    assert.ok(scroll <= client, `the tab strip scrolls at ${width}px (${scroll} > ${client})`);
    for (const name of ['Build a credential', 'Inspect a token', 'From your files']) {
      const box = await page.getByRole('tab', { name }).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${name} is off-screen at ${width}px: ${JSON.stringify(box)}`);
    }
    await context.close();
  }
});

test('the pages give no command-line instructions, and fill in the values the user gave', async () => {
  const { context, page } = await open('predict');
  await predict(page, CALLER);
  const workflow = await page.locator('#panel-predict').innerText();
  assert.doesNotMatch(workflow, CLI_WORDS);
  assert.match(workflow, /enter the repository above/);
  assert.match(workflow, /Add a called workflow/);
  await predict(page, GITLAB);
  assert.doesNotMatch(await page.locator('#panel-predict').innerText(), CLI_WORDS);

  await page.getByRole('tab', { name: 'Inspect a token' }).click();
  await audit(page);
  const inspector = await page.locator('#panel-inspect').innerText();
  assert.doesNotMatch(inspector, CLI_WORDS);
  assert.match(inspector, /paste what gh api repos\/contoso\/payments prints under "Migrations: what they need"/);

  await page.getByRole('tab', { name: 'Build a credential' }).click();
  await page.locator('#github-repo').fill('contoso/payments-api');
  await page.locator('[data-code="subject_name_based"]').waitFor();
  assert.match(await page.locator('[data-code="subject_name_based"]').innerText(), /gh api repos\/contoso\/payments-api\/actions\/oidc\/customization\/sub/);
  // The builder's own hints give the commands for the repository entered.
  assert.match(await page.locator('#panel-build').innerText(), /gh api repos\/contoso\/payments-api\/actions\/oidc\/customization\/sub tells/);
  await page.getByLabel('Subject form the repository sends').selectOption('immutable');
  assert.ok(await page.getByText('gh api repos/contoso/payments-api --jq .owner.id').isVisible());
  await context.close();
});

test('a finding\'s code is set apart from its sentence on every page', async () => {
  const { context, page } = await open('inspect');
  await audit(page);
  await codesSetApart(page, '.audit');
  await page.getByRole('tab', { name: 'From your files' }).click();
  await fill(page, 'Repository', 'contoso/payments');
  await predict(page, CALLER);
  await codesSetApart(page, '.predict-result .messages');
  await context.close();
});

test('counts agree with their nouns and with what is listed', async () => {
  const { context, page } = await open('inspect');
  await page.locator('#inspect-fics').waitFor();
  await fill(page, 'Credentials JSON', JSON.stringify([fic('prs', 'repo:contoso/payments@5/app@6:pull_request')]));
  await page.locator('#audit-heading').waitFor();
  assert.equal(await page.locator('#audit-heading').innerText(), 'Audit: 0 errors, 1 warning, 0 notes');

  await page.getByRole('tab', { name: 'From your files' }).click();
  for (const file of [AZURE_PIPELINES, GITLAB, CALLER]) {
    await predict(page, file);
    const headline = await page.locator('#predict-headline').innerText();
    const text = await page.locator('#panel-predict').innerText();
    assert.doesNotMatch(text, ONE_PLURAL);
    const listed = await page.locator('.predict-set > li').count();
    assert.match(headline, new RegExp(`: ${listed} credentials?\\b`), `${headline} above ${listed} listed`);
  }
  await context.close();
});

test('the audit says errors first, each severity in words and its own colour, repeated notes once', async () => {
  const { context, page } = await open('inspect');
  await audit(page);
  const items = page.locator('.audit-identity .findings > li');
  const classes = await items.evaluateAll((els) => els.map((el) => el.className));
  const rank = { error: 0, warning: 1, info: 2 };
  assert.deepEqual([...classes].sort((a, b) => rank[a] - rank[b]), classes, `in order: ${classes}`);
  assert.equal(classes[0], 'error');
  for (const [severity, word] of [['error', 'Error'], ['warning', 'Warning'], ['info', 'Note']]) {
    assert.equal(await page.locator(`.findings > li.${severity} .badge`).first().innerText(), word.toUpperCase());
  }
  const colour = (severity) => page.locator(`.findings > li.${severity}`).first().evaluate((el) => getComputedStyle(el).borderLeftColor + getComputedStyle(el).borderLeftStyle);
  const [e, w, n] = [await colour('error'), await colour('warning'), await colour('info')];
  assert.ok(e !== w && w !== n && e !== n, `${e} ${w} ${n}`);
  const mutable = page.locator('.findings > li[data-code="subject_mutable"]');
  assert.equal(await mutable.count(), 1, 'the five name-based notes are one item');
  assert.equal(await mutable.getAttribute('data-count'), '5');
  assert.match(await mutable.locator('.finding-message').innerText(), /^5 credentials name the repository or project, not its ID: prod, prs, prod2, main-ws, stage$/);
  assert.equal(await mutable.locator('details').evaluate((d) => d.open), false, 'the list is folded');
  await context.close();
});

test('each audit finding one command fixes carries it, with the identity filled in; migrations are shown before any download', async () => {
  const { context, page } = await open('inspect');
  await audit(page);
  const ws = page.locator('li[data-code="subject_whitespace"] .fix code');
  assert.equal(await ws.innerText(), "az identity federated-credential update --name main-ws --identity-name id-pay --resource-group rg-pay --subscription s1 --subject repo:contoso/payments:ref:refs/heads/main");
  const dup = await page.locator('li[data-code="duplicate_credential"] .fix code').innerText();
  assert.match(dup, /az identity federated-credential show --name prod --identity-name id-pay --resource-group rg-pay --subscription s1/);
  assert.match(dup, /then az identity federated-credential delete --name prod2 /);
  assert.ok(await page.getByRole('button', { name: 'Copy the command for main-ws' }).isVisible());

  await page.getByText('Migrations: what they need (optional)').click();
  await fill(page, 'What gh api repos/OWNER/REPO prints', IDS);
  await page.locator('#migrations-heading').waitFor();
  assert.match(await page.locator('.migrations .summary').innerText(), /id-pay: creates \d+ credentials? .*deletes \d+ credentials?/);
  const script = page.locator('.migrations details.script[open] pre code');
  assert.match(await script.innerText(), /--subject repo:contoso@5544123\/payments@821093847:environment:prod/);
  assert.ok(await page.getByRole('button', { name: 'Copy the az CLI migration' }).isVisible());
  await context.close();
});

test('the workflow page: no contradictions, quiet jobs that need nothing, controls of the file\'s platform, and pull requests judged as the audit judges them', async () => {
  const { context, page } = await open('predict');
  await fill(page, 'Repository', 'contoso/payments');
  await predict(page, CALLER);
  const deploy = await page.locator('#job-deploy').innerText();
  assert.match(deploy, /cannot be known/i);
  assert.doesNotMatch(deploy, /needs no credential/);
  assert.doesNotMatch(await page.locator('#job-direct').innerText(), /manual run started on another branch/);
  const pr = page.locator('.predict-result .messages li[data-code="pull_request_trust"]');
  assert.equal(await pr.getAttribute('class'), 'warning');
  assert.match(await pr.innerText(), /Warning: .*identity of their own/s);
  assert.ok(await page.getByText('Immutable or customised subjects (GitHub)').isVisible());

  await predict(page, GITLAB);
  const build = page.locator('#job-build');
  assert.equal(await build.locator('.blocked').count(), 0, 'a job that needs nothing is not an error');
  assert.match(await build.innerText(), /Needs no credential/);
  assert.equal(await page.getByText('Immutable or customised subjects (GitHub)').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Add a called workflow' }).count(), 0);
  await context.close();
});

test('in the comparison, white space, letter case and look-alikes are marked, not only coloured', async () => {
  const { context, page } = await open('inspect');
  const token = githubToken('repo:contoso/payments-api:environment:production');
  await fill(page, 'Token or AADSTS error', token);
  const compare = async (subject) => {
    await fill(page, 'Credentials JSON', JSON.stringify([{ name: 'prod', issuer: GH, subject, audiences: [AUD] }]));
    await page.locator('.comparison').first().waitFor();
    return page.locator('.comparison tr.status-differs').first();
  };
  let row = await compare('repo:contoso/payments-api:environment:production ');
  assert.ok(await row.locator('.invisible').count() > 0, 'the trailing space is drawn');
  assert.match(await row.locator('.diff-note').innerText(), /white space/);
  row = await compare('repo:contoso/payments-api:environment:Production');
  assert.match(await row.locator('.diff-note').innerText(), /letter case/);
  row = await compare('repo:contoso/p\u0430yments-api:environment:production');
  assert.match(await row.innerText(), /U\+0430/);

  // The workflow page's coverage draws them the same way.
  await page.getByRole('tab', { name: 'From your files' }).click();
  await page.locator('#panel-predict').getByLabel('Repository', { exact: true }).fill('contoso/payments');
  await predict(page, CALLER);
  await page.getByText('Compare with the credentials that exist').click();
  await page.locator('#predict-fics').fill(JSON.stringify([{ name: 'prod', issuer: GH, subject: 'repo:contoso/payments:environment:production ', audiences: [AUD] }]));
  const entry = page.locator('.coverage-entry', { hasText: 'direct' }).first();
  await entry.locator('table').waitFor();
  assert.ok(await entry.locator('.invisible').count() > 0, 'the trailing space is drawn in the coverage too');
  assert.match(await entry.locator('.diff-note').first().innerText(), /White space/i);
  await context.close();
});

test('an Azure DevOps Subject identifier typed with plain GUIDs is explained: the parts are encoded, and where to copy it', async () => {
  const { context, page } = await open('build');
  await page.getByLabel('Platform').selectOption({ label: 'Azure DevOps' });
  const field = page.locator('#ado-subject-identifier');
  await field.waitFor();
  await field.fill('/eid1/c/pub/t/72f988bf-86f1-41af-91ab-2d7cd011db47/a/499b84ac-1321-427f-aa17-267ca6975798/sc/0ca3ddd9-f0b0-4635-a98c-5866526961b6/64171687-7a59-4fce-b2c8-823278dcf176');
  const said = await page.locator('[data-code="ado_subject_identifier_unreadable"]').innerText();
  assert.match(said, /encoded|not GUIDs as typed/);
  assert.match(said, /v4j5cvGGr0GRqy180BHbRw/);
  assert.match(said, /Project settings > Service connections/);
  await context.close();
});

test('the address bar keeps the identity\'s IDs out of history; a shared link says what it holds and opens on a complete state', async () => {
  const { context, page } = await open('build');
  await fill(page, 'Repository', 'contoso/payments-api');
  await page.getByLabel('The job runs for').selectOption('environment');
  await fill(page, 'Environment', 'production');
  await fill(page, 'Subscription ID (optional)', '6d2c1a8e-1111-4222-8333-944455556666');
  await page.waitForTimeout(600);
  const state = Buffer.from(new URL(page.url()).hash.split('s=')[1] ?? '', 'base64url').toString();
  assert.match(state, /payments-api/);
  assert.doesNotMatch(state, /6d2c1a8e/, 'the subscription is not in the address bar');
  assert.match(await page.locator('#share-holds').innerText(), /subscription and app IDs too; never a token/);

  await page.getByRole('button', { name: 'Add another credential' }).click();
  await page.getByRole('button', { name: /^Copy a link that opens this builder/ }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const shared = await context.newPage();
  await shared.goto(link);
  await appReady(shared);
  await shared.locator('.snippets').waitFor();
  assert.match(await shared.locator('#result-subject-0').innerText(), /environment:production/);
  assert.equal(await shared.locator('#target-subscription').inputValue(), '6d2c1a8e-1111-4222-8333-944455556666', 'the copied link holds it');
  await context.close();
});

test('every copy button has a name of its own; why a snippet format is disabled is in words on the page', async () => {
  const { context, page } = await open('build');
  await fill(page, 'Repository', 'contoso/payments-api');
  await page.getByLabel('The job runs for').selectOption('environment');
  await fill(page, 'Environment', 'production');
  await page.getByRole('button', { name: 'Add another credential' }).click();
  await fill(page, 'Environment', 'staging');
  await page.locator('#result-subject-1').waitFor();
  const names = await page.locator('.result button.copy, .credential button.copy').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
  assert.ok(names.length >= 8, names.join(' | '));
  assert.equal(new Set(names).size, names.length, `repeated names: ${names.join(' | ')}`);
  const unavailable = await page.locator('#snippet-unavailable').innerText();
  assert.match(unavailable, /Graph PowerShell and Graph REST not offered for this credential: /);

  await page.getByRole('tab', { name: 'From your files' }).click();
  await fill(page, 'Repository', 'contoso/payments');
  await predict(page, CALLER);
  const setNames = await page.locator('.predict-set button.copy').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
  assert.ok(setNames.length >= 2, setNames.join(' | '));
  assert.equal(new Set(setNames).size, setNames.length, `repeated names: ${setNames.join(' | ')}`);
  await context.close();
});
