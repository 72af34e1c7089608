'use strict';
// fedcred's GitHub Action (issue 19): explains, in the job itself, whether Microsoft Entra accepts
// the job's OIDC token. This file only does what needs Node: it reads the step's inputs and the
// run's variables, asks GitHub for the job's token, and writes the job summary, the outputs and
// the log. Every judgement is the Rust core's, compiled to WebAssembly in ./wasm (built by
// scripts/action.sh from crates/fedcred-action).
//
// The token never leaves memory: it is masked in the log before anything else is printed, passed
// to the core, and dropped. Only its claims are written anywhere.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const DEFAULT_AUDIENCE = 'api://AzureADTokenExchange';
const ATTEMPTS = 3;
const TIMEOUT_MS = 10000;

/** A step input, as the runner passes it (actions/toolkit's getInput: INPUT_<NAME>). */
function input(name) {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

/** Data of a workflow command, escaped as the runner expects (actions/toolkit's escapeData). */
function escapeData(value) {
  return String(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * The proxy the runner says to use for `url`, or null. GitHub Docs, "Using a proxy server with
 * self-hosted runners" (read 2026-11-29): the runner reads https_proxy and http_proxy (a URL,
 * basic credentials allowed) and no_proxy (comma-separated host names, an optional :port; no IP
 * addresses), and actions using another client than actions/http-client must honour them
 * (actions/toolkit, docs/proxy-support.md).
 */
function proxyFor(url) {
  const pick = (...names) => names.map((n) => process.env[n]).find((v) => v && v.trim());
  const proxy = url.protocol === 'https:' ? pick('https_proxy', 'HTTPS_PROXY') : pick('http_proxy', 'HTTP_PROXY');
  if (!proxy) {
    return null;
  }
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]') {
    return null;
  }
  const bypass = (pick('no_proxy', 'NO_PROXY') || '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  for (const entry of bypass) {
    const [name, entryPort] = entry.split(':');
    const suffix = name.replace(/^\*?\./, '');
    if (entry === '*' || ((host === suffix || host.endsWith(`.${suffix}`)) && (!entryPort || entryPort === port))) {
      return null;
    }
  }
  try {
    return new URL(proxy.includes('://') ? proxy.trim() : `http://${proxy.trim()}`);
  } catch {
    return null;
  }
}

/** A socket to `url`'s host through `proxy`, by HTTP CONNECT (what actions/http-client does). */
function tunnel(url, proxy) {
  const http = require('node:http');
  const target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  const headers = { Host: target };
  if (proxy.username) {
    const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(user).toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: 'CONNECT',
      path: target,
      headers,
      timeout: TIMEOUT_MS,
    });
    request.on('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`the proxy ${proxy.host} answered ${response.statusCode} to CONNECT ${target}`));
        return;
      }
      if (url.protocol === 'https:') {
        resolve(require('node:tls').connect({ socket, servername: url.hostname }));
      } else {
        resolve(socket);
      }
    });
    request.on('timeout', () => request.destroy(new Error(`the proxy ${proxy.host} did not answer in ${TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
    request.end();
  });
}

/** One GET, resolved with the status and body; rejects on a network error or the timeout. */
async function get(url, headers) {
  const client = url.protocol === 'https:' ? require('node:https') : require('node:http');
  const proxy = proxyFor(url);
  const socket = proxy ? await tunnel(url, proxy) : null;
  return new Promise((resolve, reject) => {
    const options = { headers, timeout: TIMEOUT_MS };
    if (socket) {
      // With no agent, Node takes the connection from createConnection: the tunnel.
      options.createConnection = () => socket;
    }
    const request = client.get(url, options, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode || 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    request.on('error', reject);
  });
}

/** Printable, short: a message from a server goes into the report. */
function shorten(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

/**
 * The job's OIDC token for `audience`, as actions/toolkit asks for it (packages/core/src/
 * oidc-utils.ts, read 2026-11-29): GET ACTIONS_ID_TOKEN_REQUEST_URL with the audience added,
 * bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN, answer {"value": "<JWT>"}. Resolves with {token} or
 * with why there is none.
 */
async function requestToken(audience) {
  const address = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!address || !bearer) {
    return { failure: 'not_offered' };
  }
  let url;
  try {
    url = new URL(address);
  } catch {
    return { failure: 'failed', detail: 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL' };
  }
  url.searchParams.set('audience', audience);
  const headers = {
    Authorization: `Bearer ${bearer}`,
    Accept: 'application/json',
    'User-Agent': 'fedcred-action',
  };
  let last = { failure: 'failed', detail: 'no attempt was made' };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let answer;
    try {
      answer = await get(url, headers);
    } catch (error) {
      last = { failure: 'failed', detail: `the request failed: ${shorten(error.message)}` };
      await pause(attempt);
      continue;
    }
    let body = null;
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = null;
    }
    if (answer.status >= 200 && answer.status < 300) {
      if (body && typeof body.value === 'string' && body.value.length > 0) {
        return { token: body.value };
      }
      return { failure: 'failed', detail: 'GitHub answered without a token (no value field)' };
    }
    const message = body && typeof body.message === 'string' ? body.message : answer.body;
    last = { failure: 'refused', status: answer.status, detail: shorten(message) };
    // GitHub's own client retries what may pass on a second try; a refusal will not.
    if (answer.status < 500 && answer.status !== 429) {
      break;
    }
    await pause(attempt);
  }
  return last;
}

/** A path an input names, relative to the workspace. */
function inWorkspace(value) {
  return path.resolve(process.env.GITHUB_WORKSPACE || process.cwd(), value);
}

/** Waits a little longer before each new attempt. */
function pause(attempt) {
  return new Promise((resolve) => setTimeout(resolve, 300 * attempt));
}

/** The `credentials` input: JSON, or a path to it (relative to the workspace). */
function readCredentials(value, notes) {
  if (!value) {
    return undefined;
  }
  if (value.startsWith('{') || value.startsWith('[')) {
    return value;
  }
  const file = inWorkspace(value);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    notes.push(
      `the credentials input is not JSON (it does not start with { or [) and names no file that can be read: ${value} (${error.code || error.message}); the token was explained without credentials`,
    );
    return undefined;
  }
}

/** The `error` input: the login step's text, or a path to a file holding it. */
function readError(value) {
  if (!value) {
    return undefined;
  }
  if (!value.includes('\n') && !/AADSTS\d/i.test(value)) {
    const file = inWorkspace(value);
    try {
      if (fs.statSync(file).isFile()) {
        return fs.readFileSync(file, 'utf8');
      }
    } catch {
      // not a file: the text itself
    }
  }
  return value;
}

/** For a pull request, the repository its head branch comes from (the event payload). */
function headRepository() {
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) {
    return '';
  }
  try {
    const event = JSON.parse(fs.readFileSync(file, 'utf8'));
    const name = event && event.pull_request && event.pull_request.head && event.pull_request.head.repo
      ? event.pull_request.head.repo.full_name
      : '';
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

/** Writes a step output in the runner's multi-line form, with a delimiter no value contains. */
function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    return;
  }
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  fs.appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`, 'utf8');
}

async function main() {
  const audience = input('audience') || DEFAULT_AUDIENCE;
  const failOnMismatch = input('fail-on-mismatch').toLowerCase() !== 'false';
  const notes = [];

  const got = await requestToken(audience);
  if (got.token) {
    // Before anything else is printed: the runner hides this value wherever it appears later.
    process.stdout.write(`::add-mask::${got.token}\n`);
  }

  const { Job, explain } = require('./wasm/fedcred_action.js');
  const job = new Job();
  job.token = got.token;
  job.failure = got.failure || '';
  job.status = got.status || 0;
  job.detail = got.detail || '';
  job.audience = audience;
  job.error = readError(input('error'));
  job.credentials = readCredentials(input('credentials'), notes);
  job.now = Date.now() / 1000;
  job.event_name = process.env.GITHUB_EVENT_NAME || '';
  job.actor = process.env.GITHUB_ACTOR || '';
  job.repository = process.env.GITHUB_REPOSITORY || '';
  job.head_repository = headRepository();
  job.notes = notes.join('\n');
  const out = explain(job);
  job.free();
  delete got.token;

  setOutput('verdict', out.verdict);
  setOutput('subject', out.subject);
  setOutput('issuer', out.issuer);
  if (process.env.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${out.markdown}\n`, 'utf8');
  }

  // The report quotes claims and error text that others chose (a branch, an environment, a
  // pasted error): the runner must not read workflow commands in it.
  const resume = crypto.randomUUID();
  process.stdout.write(`::stop-commands::${resume}\n${out.log.trimEnd()}\n::${resume}::\n`);
  const level = out.failure ? 'error' : 'notice';
  process.stdout.write(`::${level} title=fedcred::${escapeData(`${out.headline} (the job summary has the details)`)}\n`);
  if (out.failure && failOnMismatch) {
    process.exitCode = 1;
  }
  out.free();
}

main().catch((error) => {
  process.stdout.write(`::error title=fedcred::${escapeData(`fedcred could not finish: ${error && error.message}`)}\n`);
  process.exitCode = 1;
});
