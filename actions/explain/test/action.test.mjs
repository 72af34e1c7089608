// The action's entry point under Node, against a local server that plays GitHub's token endpoint
// (issue 19). Nothing but 127.0.0.1 is reachable: loopback-only.cjs is preloaded into the action.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, '..', 'index.js');
const loopbackOnly = join(here, 'loopback-only.cjs');
const REQUEST_TOKEN = 'runtime-request-token-of-this-job';
const ISSUER = 'https://token.actions.githubusercontent.com';
const AUDIENCE = 'api://AzureADTokenExchange';

const b64 = (value) => Buffer.from(value).toString('base64url');

/** A token shaped like GitHub's: RS256 header with a kid, the claims, a 256-byte signature. */
function jwt(claims) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { aud: AUDIENCE, iss: ISSUER, iat: now, nbf: now, exp: now + 300, ...claims };
  return [
    b64(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'fedcred-test', x5t: 'fedcred-test' })),
    b64(JSON.stringify(payload)),
    randomBytes(256).toString('base64url'),
  ].join('.');
}

function github(sub, extra = {}) {
  return {
    sub,
    repository: 'contoso/app',
    repository_id: '74',
    repository_owner: 'contoso',
    repository_owner_id: '65',
    ref: 'refs/heads/dev',
    event_name: 'push',
    ...extra,
  };
}

/**
 * GitHub's token endpoint: checks the bearer token and the audience query, answers with the
 * claims given (each request's audience becomes the token's aud), or with `status` and `body`.
 */
async function tokenEndpoint({ claims = github('repo:contoso/app:ref:refs/heads/dev'), status = 200, body } = {}) {
  const requests = [];
  let issued = null;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const audience = url.searchParams.get('audience');
    requests.push({ path: url.pathname, audience, authorization: req.headers.authorization, apiVersion: url.searchParams.get('api-version') });
    res.setHeader('Content-Type', 'application/json');
    if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
      res.statusCode = 401;
      res.end(JSON.stringify({ message: 'Bad credentials' }));
      return;
    }
    if (!audience) {
      res.statusCode = 400;
      res.end(JSON.stringify({ message: 'audience is required' }));
      return;
    }
    if (status !== 200) {
      res.statusCode = status;
      res.end(body ?? JSON.stringify({ message: `refused with ${status}` }));
      return;
    }
    issued = jwt({ aud: audience, ...claims });
    res.end(body ?? JSON.stringify({ count: 1, value: issued }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/_apis/distributedtask/hubs/Actions/plans/p/jobs/j/idtoken?api-version=2.0`,
    requests,
    token: () => issued,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Runs the action's entry point as the runner would, with a fresh workspace and files. */
async function run({ endpoint, inputs = {}, env = {}, files = {} } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'fedcred-action-'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(work, name), text);
  }
  const summary = join(work, 'summary.md');
  const output = join(work, 'output.txt');
  const childEnv = {
    PATH: process.env.PATH,
    NODE_OPTIONS: `--require ${loopbackOnly}`,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: work,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_REPOSITORY: 'contoso/app',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTOR: 'octocat',
    ...(endpoint
      ? { ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN }
      : {}),
    ...env,
  };
  for (const [name, value] of Object.entries(inputs)) {
    childEnv[`INPUT_${name.toUpperCase()}`] = value;
  }
  const started = performance.now();
  const child = spawn(process.execPath, [entry], { env: childEnv, cwd: work });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  const ms = performance.now() - started;
  return {
    code,
    ms,
    stdout,
    stderr,
    summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '',
    outputFile: existsSync(output) ? readFileSync(output, 'utf8') : '',
    outputs: existsSync(output) ? parseOutputs(readFileSync(output, 'utf8')) : {},
  };
}

/** The runner's reading of $GITHUB_OUTPUT: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
function parseOutputs(text) {
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const [, name, delimiter] = m;
    const value = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
    assert.ok(i < lines.length, `output ${name} is closed by its delimiter`);
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/**
 * What the runner would read as workflow commands: every `::` line outside a stop-commands
 * block. The action may issue only these.
 */
function commands(stdout) {
  const seen = [];
  let resume = null;
  for (const line of stdout.split('\n')) {
    if (resume) {
      if (line === `::${resume}::`) resume = null;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) {
      resume = stop[1];
      seen.push('stop-commands');
      continue;
    }
    const m = /^::([a-z-]+)/.exec(line);
    if (m) seen.push(m[1]);
  }
  assert.equal(resume, null, 'the log resumes commands after the report');
  return seen;
}

/** The token appears once, in its mask command, and nowhere else the action writes. */
function assertTokenOnlyMasked(result, token) {
  assert.ok(token, 'a token was issued');
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], `::add-mask::${token}`, 'the mask is the first thing printed');
  const rest = lines.slice(1).join('\n');
  for (const [where, text] of [['log', rest], ['stderr', result.stderr], ['summary', result.summary], ['outputs', result.outputFile]]) {
    for (const part of token.split('.')) {
      assert.ok(!text.includes(part), `no part of the token in the ${where}`);
    }
  }
}

const credentials = JSON.stringify([
  {
    name: 'app-main',
    issuer: ISSUER,
    subject: 'repo:contoso/app:ref:refs/heads/main',
    audiences: [AUDIENCE],
  },
]);

test('a job on a branch no credential names: the summary, the log and the outputs say why and how to fix it', async () => {
  const endpoint = await tokenEndpoint();
  try {
    const result = await run({ endpoint, inputs: { credentials } });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.deepEqual(result.outputs, {
      verdict: 'no_match',
      subject: 'repo:contoso/app:ref:refs/heads/dev',
      issuer: ISSUER,
    });
    assert.equal(endpoint.requests.length, 1);
    assert.equal(endpoint.requests[0].audience, AUDIENCE);
    assert.equal(endpoint.requests[0].apiVersion, '2.0', "the runner's URL is kept, query and all");
    assert.match(result.summary, /^## fedcred: NO MATCH: Entra will answer AADSTS700213/);
    assert.ok(result.summary.includes('| subject (`sub`) | `repo:contoso/app:ref:refs/heads/dev` |'), result.summary);
    assert.ok(result.summary.includes('| issuer (`iss`) | `https://token.actions.githubusercontent.com` |'));
    assert.ok(result.summary.includes('| audience (`aud`) | `api://AzureADTokenExchange` |'));
    assert.ok(result.summary.includes('**subject_branch_differs**'), result.summary);
    assert.ok(result.summary.includes('### A credential that accepts this token'));
    assert.ok(result.summary.includes('--subject repo:contoso/app:ref:refs/heads/dev'));
    assert.match(result.stdout, /NO MATCH: Entra will answer AADSTS700213/);
    assert.match(result.stdout, /az identity federated-credential create/);
    assert.deepEqual(commands(result.stdout), ['add-mask', 'stop-commands', 'error']);
    assertTokenOnlyMasked(result, endpoint.token());
  } finally {
    await endpoint.close();
  }
});

test('a job a credential accepts passes, with credentials read from a file in the workspace', async () => {
  const endpoint = await tokenEndpoint({ claims: github('repo:contoso/app:ref:refs/heads/main') });
  try {
    const result = await run({ endpoint, inputs: { credentials: 'fics.json' }, files: { 'fics.json': credentials } });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.outputs.verdict, 'match');
    assert.match(result.summary, /^## fedcred: MATCH/);
    assert.deepEqual(commands(result.stdout), ['add-mask', 'stop-commands', 'notice']);
    assertTokenOnlyMasked(result, endpoint.token());
  } finally {
    await endpoint.close();
  }
});

test('the audience input is the audience asked for', async () => {
  const endpoint = await tokenEndpoint();
  try {
    const result = await run({ endpoint, inputs: { audience: 'api://AzureADTokenExchangeUSGov', credentials } });
    assert.equal(endpoint.requests[0].audience, 'api://AzureADTokenExchangeUSGov');
    assert.ok(result.summary.includes('| audience (`aud`) | `api://AzureADTokenExchangeUSGov` |'), result.summary);
    assert.match(result.summary, /audience/i);
    assert.equal(result.outputs.verdict, 'no_match');
  } finally {
    await endpoint.close();
  }
});

test('without id-token: write the step says exactly that, and how to grant it', async () => {
  const result = await run({ inputs: { credentials } });
  assert.equal(result.code, 1);
  assert.deepEqual(result.outputs, { verdict: 'no_token', subject: '', issuer: '' });
  assert.match(result.summary, /^## fedcred: NO TOKEN/);
  assert.ok(result.summary.includes('lacks permissions: id-token: write'), result.summary);
  assert.ok(result.summary.includes('permissions:\n    id-token: write'), result.summary);
  assert.deepEqual(commands(result.stdout), ['stop-commands', 'error']);
});

test('a pull request from a fork is told that forks get no token', async () => {
  const result = await run({
    env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: 'event.json', GITHUB_ACTOR: 'mallory' },
    files: { 'event.json': JSON.stringify({ pull_request: { head: { repo: { full_name: 'mallory/app' } } } }) },
  });
  // GITHUB_EVENT_PATH is absolute on a runner; here it is relative to the workspace (the cwd).
  assert.equal(result.outputs.verdict, 'no_token');
  assert.ok(result.summary.includes('pull request from the fork mallory/app'), result.summary);
});

test("GitHub's refusal is reported with its status and message", async () => {
  const endpoint = await tokenEndpoint({ status: 403, body: JSON.stringify({ message: "Can't issue ID_TOKEN for audience" }) });
  try {
    const result = await run({ endpoint, inputs: { audience: 'https://example.invalid/aud' } });
    assert.equal(result.outputs.verdict, 'no_token');
    assert.equal(endpoint.requests.length, 1, 'a refusal is not retried');
    assert.ok(result.summary.includes('HTTP 403'), result.summary);
    assert.ok(result.summary.includes("Can't issue ID\\_TOKEN for audience"), result.summary);
  } finally {
    await endpoint.close();
  }
});

test('a hostile claims set stays data: no workflow command, no Markdown, outputs exact', async () => {
  const sub = 'repo:contoso/app:environment:a`b|c <img src=x onerror=alert(1)> %0A::set-output name=verdict::match\n::error::injected\n::add-mask::x';
  const endpoint = await tokenEndpoint({
    claims: {
      ...github(sub),
      environment: '::warning::from a claim\r\n::stop-commands::x',
      iss: ISSUER,
      aud: [AUDIENCE, 'https://github.com/contoso'],
      job_workflow_ref: 'x'.repeat(50_000),
      repository: 12345,
      nested: { deep: [1, 2, { sub: '::error::' }] },
    },
  });
  try {
    const result = await run({ endpoint, inputs: { credentials, error: 'AADSTS700213: No matching federated identity record found for presented assertion subject \'::error::x\'.\n::warning::from the error' } });
    assert.ok(result.code === 0 || result.code === 1, `exits cleanly (${result.code}): ${result.stderr}`);
    assert.equal(result.stderr, '');
    assert.deepEqual(commands(result.stdout), ['add-mask', 'stop-commands', 'error']);
    assert.equal(result.outputs.subject, sub, 'the output is the exact subject, newlines and all');
    assert.equal(result.outputs.verdict, 'no_match');
    // Outside code spans and fences, every < and ` from a claim is escaped: GitHub renders no HTML
    // or Markdown of the claims'.
    const prose = result.summary.replace(/^(\s*)(`{3,})[^\n]*\n[\s\S]*?\n\1\2\n/gm, '').replace(/(?<![\\`])(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');
    assert.ok(!/(^|[^\\])</.test(prose), `no raw HTML outside code: ${prose}`);
    assert.ok(result.summary.includes('<img src=x onerror=alert(1)>'), 'the value is kept, inside code');
    const subjectRows = result.summary.split('\n').filter((l) => l.startsWith('| subject'));
    assert.equal(subjectRows.length, 1, 'the subject stays on its table row');
    assertTokenOnlyMasked(result, endpoint.token());
  } finally {
    await endpoint.close();
  }
});

test('a check before login with nothing to compare reports the claims and passes', async () => {
  const endpoint = await tokenEndpoint();
  try {
    const result = await run({ endpoint });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.outputs.verdict, 'not_compared');
    assert.match(result.summary, /^## fedcred: NOT COMPARED/);
    assert.ok(result.summary.includes('set the step\'s credentials input'), result.summary);
    assert.ok(result.summary.includes('az identity federated-credential create'));
  } finally {
    await endpoint.close();
  }
});

test('fail-on-mismatch: false reports a mismatch without failing the step', async () => {
  const endpoint = await tokenEndpoint();
  try {
    const result = await run({ endpoint, inputs: { credentials, 'fail-on-mismatch': 'false' } });
    assert.equal(result.code, 0);
    assert.equal(result.outputs.verdict, 'no_match');
  } finally {
    await endpoint.close();
  }
});

test('a credentials path that names no file is said first, and the token is still explained', async () => {
  const endpoint = await tokenEndpoint();
  try {
    const result = await run({ endpoint, inputs: { credentials: 'missing/fics.json' } });
    assert.equal(result.outputs.verdict, 'not_compared');
    assert.ok(result.summary.split('\n')[2].startsWith('**Note:** the credentials input is not JSON'), result.summary);
    assert.ok(result.summary.includes('missing/fics.json (ENOENT)'), result.summary);
  } finally {
    await endpoint.close();
  }
});

test('the login error text can come from a file, and Entra\'s answer leads', async () => {
  const endpoint = await tokenEndpoint();
  try {
    const result = await run({
      endpoint,
      inputs: { credentials, error: 'login-error.txt' },
      files: { 'login-error.txt': "Error: AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:ref:refs/heads/dev'." },
    });
    assert.match(result.summary, /^## fedcred: NO MATCH: Entra answered AADSTS700213/);
  } finally {
    await endpoint.close();
  }
});

test('a token endpoint beyond 127.0.0.1 is never reached (the loopback guard is active)', async () => {
  const result = await run({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.example.invalid/idtoken?api-version=2.0', ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN } });
  assert.equal(result.outputs.verdict, 'no_token');
  assert.match(result.summary, /loopback-only: a (connection to|name lookup of) pipelines\.example\.invalid was attempted/);
});

/**
 * A proxy of a self-hosted runner's network: it answers CONNECT, checks its credentials when
 * `user` is set, and joins every tunnel to the local token endpoint whatever host was named.
 */
async function connectProxy(endpoint, { user, status = 200 } = {}) {
  const tunnels = [];
  const proxy = createServer((req, res) => {
    res.statusCode = 405;
    res.end();
  });
  proxy.on('connect', (req, client) => {
    const authorization = req.headers['proxy-authorization'];
    tunnels.push({ target: req.url, authorization });
    const expected = user ? `Basic ${Buffer.from(user).toString('base64')}` : undefined;
    if (status !== 200 || authorization !== expected) {
      client.end(`HTTP/1.1 ${status === 200 ? 407 : status} Refused\r\n\r\n`);
      return;
    }
    const upstream = connect(new URL(endpoint.url).port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    tunnels,
    close: () => new Promise((resolve) => { proxy.closeAllConnections?.(); proxy.close(resolve); }),
  };
}

const REMOTE_ENDPOINT = 'http://pipelines.example.test/_apis/idtoken?api-version=2.0';

test("behind a self-hosted runner's proxy the token is asked for through it, with its credentials", async () => {
  const endpoint = await tokenEndpoint();
  const proxy = await connectProxy(endpoint, { user: 'build:s3cret' });
  try {
    const address = new URL(proxy.url);
    const result = await run({
      endpoint,
      inputs: { credentials },
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: REMOTE_ENDPOINT, http_proxy: `http://build:s3cret@${address.host}` },
    });
    assert.equal(result.outputs.verdict, 'no_match', result.summary);
    assert.deepEqual(proxy.tunnels.map((t) => t.target), ['pipelines.example.test:80']);
    assert.equal(endpoint.requests[0].audience, AUDIENCE);
    assertTokenOnlyMasked(result, endpoint.token());
  } finally {
    await proxy.close();
    await endpoint.close();
  }
});

test('a proxy that refuses is named in the report; no_proxy bypasses the proxy', async () => {
  const endpoint = await tokenEndpoint();
  const proxy = await connectProxy(endpoint, { user: 'build:s3cret' });
  try {
    const refused = await run({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: REMOTE_ENDPOINT, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN, HTTP_PROXY: proxy.url } });
    assert.equal(refused.outputs.verdict, 'no_token');
    assert.match(refused.summary, /the proxy 127\.0\.0\.1:\d+ answered 407 to CONNECT pipelines\.example\.test:80/);
    const before = proxy.tunnels.length;
    const bypassed = await run({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: REMOTE_ENDPOINT, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN, http_proxy: proxy.url, no_proxy: 'other.test,example.test' } });
    assert.equal(proxy.tunnels.length, before, 'no tunnel for a host no_proxy names');
    assert.match(bypassed.summary, /loopback-only: a (connection to|name lookup of) pipelines\.example\.test/);
  } finally {
    await proxy.close();
    await endpoint.close();
  }
});

test('startup to report takes under a second (median of 5 runs)', async () => {
  const endpoint = await tokenEndpoint();
  try {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const result = await run({ endpoint, inputs: { credentials } });
      assert.equal(result.outputs.verdict, 'no_match');
      times.push(result.ms);
    }
    times.sort((a, b) => a - b);
    const median = times[2];
    console.log(`# action startup to report on Node ${process.version}: median ${median.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`);
    assert.ok(median < 1000, `median ${median} ms`);
  } finally {
    await endpoint.close();
  }
});
