// actions/check (issue 25): the check mode's entry point under Node, on a workspace laid out as a
// checkout, against credentials given as input or file. No token is requested: no token endpoint
// is given, and the loopback-only guard stops any connection beyond 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, '..', 'index.js');
const loopbackOnly = join(here, '..', '..', 'explain', 'test', 'loopback-only.cjs');
const ISSUER = 'https://token.actions.githubusercontent.com';

const fic = (name, subject) => ({ name, issuer: ISSUER, subject, audiences: ['api://AzureADTokenExchange'] });

const DEPLOY = `on:
  push:
    branches: [main]
  pull_request:
permissions:
  id-token: write
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: \${{ github.event_name == 'push' && 'production' || null }}
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/login
`;
const ACTION = `runs:
  using: composite
  steps:
    - uses: azure/login@v2
      with:
        client-id: \${{ vars.AZURE_CLIENT_ID }}
        tenant-id: \${{ vars.AZURE_TENANT_ID }}
        allow-no-subscriptions: true
`;

/** A checkout: the workflow, its local action, and what else `files` adds. */
function workspace(files = {}) {
  const work = mkdtempSync(join(tmpdir(), 'fedcred-check-'));
  const all = { '.github/workflows/deploy.yml': DEPLOY, '.github/actions/login/action.yml': ACTION, ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(work, name)), { recursive: true });
    writeFileSync(join(work, name), text);
  }
  return work;
}

async function run(work, inputs = {}) {
  const summary = join(work, '..', `${work.split('/').pop()}-summary.md`);
  const output = join(work, '..', `${work.split('/').pop()}-output.txt`);
  const env = {
    PATH: process.env.PATH,
    NODE_OPTIONS: `--require ${loopbackOnly}`,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: work,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_REPOSITORY: 'contoso/app',
    GITHUB_EVENT_NAME: 'pull_request',
    INPUT_DEFAULT_BRANCH: 'main',
  };
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const started = performance.now();
  const child = spawn(process.execPath, [entry], { env, cwd: work });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stdout += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  return {
    code,
    ms: performance.now() - started,
    stdout,
    summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '',
    outputs: existsSync(output) ? readFileSync(output, 'utf8') : '',
  };
}

test('every subject accepted: the summary says so and the step passes', async () => {
  const creds = [fic('prod', 'repo:contoso/app:environment:production'), fic('pr', 'repo:contoso/app:pull_request')];
  const result = await run(workspace(), { credentials: JSON.stringify(creds) });
  assert.equal(result.code, 0, result.stdout);
  assert.match(result.summary, /Every subject a job presents is accepted/);
  assert.match(result.summary, /\| deploy \| \.github\/workflows\/deploy\.yml \| repo:contoso\/app:environment:production \| accepted \| prod \|/);
  assert.match(result.outputs, /^refused<<ghadelimiter_[\w-]+\nfalse\n/m);
  assert.ok(result.ms < 5000, `${result.ms} ms`);
});

test('a refused job fails the step, with the nearest credential and the fix', async () => {
  const creds = [fic('prod', 'repo:contoso/app:environment:Production'), fic('pr', 'repo:contoso/app:pull_request')];
  const work = workspace({ 'creds.json': JSON.stringify(creds) });
  const result = await run(work, { credentials: 'creds.json' });
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.summary, /\*\*1 job subject will be refused\.\*\*/);
  assert.match(result.summary, /refused \| nearest: prod \|/);
  assert.match(result.summary, /Fix: /);
  assert.match(result.stdout, /::error title=fedcred check::a job will be refused/);
  const report = await run(work, { credentials: 'creds.json', 'fail-on-refused': 'false' });
  assert.equal(report.code, 0);
});

test('hostile workspaces: a link loop, a huge file, broken YAML and workflow commands in names are named, never run', async () => {
  const work = workspace({
    '.github/workflows/broken.yml': 'on: [push\njobs: {',
    '.github/workflows/huge.yml': '# padding\n'.repeat(120000),
    '.github/workflows/evil.yml': "on: push\npermissions:\n  id-token: write\njobs:\n  '::set-output name=refused::false':\n    runs-on: ubuntu-latest\n    environment: staging\n    steps:\n      - uses: azure/login@v2\n        with:\n          client-id: x\n",
  });
  symlinkSync(work, join(work, 'again'));
  const creds = [fic('prod', 'repo:contoso/app:environment:production'), fic('pr', 'repo:contoso/app:pull_request')];
  const result = await run(work, { credentials: JSON.stringify(creds) });
  assert.match(result.summary, /broken\.yml.*left out/);
  assert.match(result.summary, /huge\.yml: 1\.1 MB, over the 1 MiB/);
  const stop = result.stdout.match(/::stop-commands::([\w-]+)/);
  assert.ok(stop, 'the log is fenced');
  const fenced = result.stdout.slice(result.stdout.indexOf(stop[0]), result.stdout.indexOf(`::${stop[1]}::`));
  assert.ok(fenced.includes('set-output'), 'the hostile name is inside the fence');
  assert.equal(result.code, 1, 'its job is refused: no credential for staging');
  assert.match(result.outputs, /^refused<<ghadelimiter_[\w-]+\ntrue\n/m);
});

test('no pipeline, or credentials that cannot be read: said, and the step fails', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'fedcred-check-empty-'));
  const none = await run(empty, { credentials: '[]' });
  assert.equal(none.code, 1);
  assert.match(none.summary, /nothing to check: .*no pipeline found/);
  const unreadable = await run(workspace(), { credentials: 'missing.json' });
  assert.equal(unreadable.code, 1);
  assert.match(unreadable.summary, /names no file that can be read: missing\.json/);
});

test('Azure Pipelines templates and GitLab includes named by the pipelines are read, never outside the workspace', async () => {
  const work = workspace({
    'azure-pipelines.yml': 'trigger: [main]\nstages:\n  - template: ci/stages.yml\n    parameters: {connection: sc-prod}\n  - template: ../outside.yml\n',
    'ci/stages.yml': "parameters:\n  - name: connection\nstages:\n  - stage: release\n    jobs:\n      - job: web\n        steps:\n          - task: AzureCLI@2\n            inputs: {azureSubscription: '${{ parameters.connection }}'}\n",
    '.gitlab-ci.yml': 'include:\n  - local: jobs/*.yml\n',
    'jobs/deploy.yml': 'deploy:\n  script: az login\n  id_tokens:\n    AZURE_ID_TOKEN: {aud: api://AzureADTokenExchange}\n  rules:\n    - if: $CI_COMMIT_BRANCH == "main"\n',
  });
  writeFileSync(join(work, '..', 'outside.yml'), 'steps:\n  - task: AzureCLI@2\n    inputs: {azureSubscription: sc-secret}\n');
  const result = await run(work, { credentials: JSON.stringify([fic('prod', 'repo:contoso/app:environment:production'), fic('pr', 'repo:contoso/app:pull_request')]) });
  assert.match(result.summary, /\| release\/web \| ci\/stages\.yml \|/, 'the job inside the template, in its own file');
  assert.match(result.summary, /\| deploy \| jobs\/deploy\.yml \| project\\_path:contoso\/app:ref\\_type:branch:ref:main \| refused \|  \|/, 'the included job, compared with no GitHub credential');
  assert.doesNotMatch(result.summary, /sc-secret/, 'a template outside the workspace is not read');
});
