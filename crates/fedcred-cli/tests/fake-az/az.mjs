// A stateful stand-in for the az CLI: the commands fedcred's migration scripts run, with the rules
// Entra and Azure enforce (issue 24). State lives in the JSON file $FAKE_AZ_STATE:
//   {"identities": {"SUB/GROUP/NAME": [credential…]}, "apps": {"APP": [credential…]},
//    "subscription": "the default one", "conflicts": 0, "interrupt": null, "log": []}
// credential: {"name", "issuer", "subject" | "claimsMatchingExpression": {"value"}, "audiences", "id"}
//
// Rules (sources beside each):
// - at most 20 credentials per identity or app; names unique; issuer+subject unique (Graph docs,
//   federatedIdentityCredential; Entra docs, considerations; field guide §1, §10);
// - `az identity federated-credential create` is create-or-update (azure-cli identity/custom.py:
//   client.create_or_update): an existing name is overwritten;
// - `az ad app federated-credential create` POSTs to Graph: an existing name is refused;
// - deleting a managed identity's credential that is not there succeeds (ARM 204); deleting an
//   app's credential that is not there fails (Graph 404);
// - "conflicts": N makes the next N writes fail with 409 Conflict (concurrent writes);
// - "interrupt": {"in": N, "when": "before"|"after"} ends the process (exit 130) at the N-th
//   write from now, before or after the write took effect (Ctrl-C, or a lost connection).
// Queries are evaluated by jmespath (the JavaScript reference implementation; az uses the Python
// one) and printed as az prints -o tsv (knack: each item of a top-level list is a row, a list
// inside it is tab-separated).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jmespath = require('jmespath');

const file = process.env.FAKE_AZ_STATE;
if (!file) fail('FAKE_AZ_STATE is not set', 2);
const state = JSON.parse(readFileSync(file, 'utf8'));
state.log ??= [];
const save = () => writeFileSync(file, JSON.stringify(state, null, 2));

function fail(message, code = 1) {
  process.stderr.write(`ERROR: ${message}\n`);
  process.exit(code);
}

const argv = process.argv.slice(2);
const opts = {};
const words = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--yes' || a === '-y') opts.yes = true;
  else if (a === '--cert') opts.cert = true;
  else if (a.startsWith('--') || a === '-o' || a === '-g' || a === '-n') opts[a.replace(/^-+/, '')] = argv[++i];
  else words.push(a);
}
const command = words.join(' ');

function print(result) {
  if (opts.query) result = jmespath.search(result, opts.query);
  if ((opts.o ?? opts.output) === 'tsv') {
    const cell = (v) => (v === null || v === undefined ? '' : Array.isArray(v) ? String(v.length) : typeof v === 'object' ? '' : String(v));
    const rows = Array.isArray(result) ? result : [result];
    process.stdout.write(rows.map((r) => (Array.isArray(r) ? r.map(cell).join('\t') : cell(r))).join('\n') + (rows.length ? '\n' : ''));
  } else {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  }
}

function write(what, effect) {
  if (state.conflicts > 0) {
    state.conflicts -= 1;
    state.log.push(`409 ${what}`);
    save();
    fail('(Conflict) Operation returned an invalid status code 409: another operation on this resource is in progress');
  }
  const interrupt = state.interrupt;
  if (interrupt && --interrupt.in <= 0) {
    state.interrupt = null;
    if (interrupt.when === 'after') effect();
    state.log.push(`interrupted ${interrupt.when} ${what}`);
    save();
    process.exit(130);
  }
  effect();
  state.log.push(what);
  save();
}

function checkNew(list, c, replacing) {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$/.test(c.name)) fail(`(BadRequest) The federated identity credential name '${c.name}' is invalid`);
  if (!Array.isArray(c.audiences) || c.audiences.length !== 1) fail('(BadRequest) Federated identity credentials must have exactly one audience.');
  const others = list.filter((x) => x.name !== replacing);
  if (others.length >= 20) fail('(BadRequest) The number of federated identity credentials on this identity has reached its limit of 20.');
  const key = (x) => `${x.issuer}\n${x.subject ?? ''}\n${x.claimsMatchingExpression?.value ?? ''}`;
  if (others.some((x) => key(x) === key(c))) fail('(BadRequest) Issuer and subject combination already exists for this Managed Identity.');
}

let ids = state.nextId ?? 1;
const newId = () => {
  state.nextId = ids + 1;
  return `00000000-0000-0000-0000-${String(ids++).padStart(12, '0')}`;
};

if (command.startsWith('identity federated-credential')) {
  const sub = opts.subscription ?? state.subscription;
  const key = `${sub}/${opts['resource-group'] ?? opts.g}/${opts['identity-name']}`.toLowerCase();
  const list = Object.entries(state.identities ?? {}).find(([k]) => k.toLowerCase() === key)?.[1];
  if (!list) fail(`(ResourceNotFound) The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/${opts['identity-name']}' under resource group '${opts['resource-group']}' was not found.`, 3);
  const verb = words[2];
  if (verb === 'list') print(list);
  else if (verb === 'show') {
    const found = list.find((c) => c.name === (opts.name ?? opts.n));
    if (!found) fail(`(NotFound) The federated identity credential '${opts.name}' was not found.`, 3);
    print(found);
  } else if (verb === 'create') {
    const c = { name: opts.name ?? opts.n, issuer: opts.issuer, audiences: [opts.audiences ?? 'api://AzureADTokenExchange'] };
    if (opts['cme-value'] !== undefined) c.claimsMatchingExpression = { languageVersion: Number(opts['cme-version']), value: opts['cme-value'] };
    else c.subject = opts.subject;
    const existing = list.find((x) => x.name === c.name);
    checkNew(list, c, existing?.name);
    write(`create ${key} ${c.name}`, () => {
      if (existing) Object.assign(existing, c, { overwritten: true });
      else list.push({ ...c, id: `/subscriptions/${sub}/resourcegroups/x/providers/Microsoft.ManagedIdentity/userAssignedIdentities/x/federatedIdentityCredentials/${c.name}` });
    });
    print(c);
  } else if (verb === 'update') {
    // azure-cli identity/custom.py update_identity_federated_credential: the named credential's
    // given values replaced, the others kept; a credential that is not there is an error.
    const found = list.find((c) => c.name === (opts.name ?? opts.n));
    if (!found) fail(`(NotFound) The federated identity credential '${opts.name}' was not found.`, 3);
    const c = { ...found };
    if (opts.issuer !== undefined) c.issuer = opts.issuer;
    if (opts.subject !== undefined) c.subject = opts.subject;
    if (opts.audiences !== undefined) c.audiences = [opts.audiences];
    checkNew(list, c, found.name);
    write(`update ${key} ${c.name}`, () => Object.assign(found, c));
    print(found);
  } else if (verb === 'delete') {
    if (!opts.yes) fail('Unable to prompt for confirmation as no tty available. Use --yes.');
    const name = opts.name ?? opts.n;
    write(`delete ${key} ${name}`, () => {
      const at = list.findIndex((c) => c.name === name);
      if (at >= 0) list.splice(at, 1);
    });
  } else fail(`fake az: no '${command}'`, 2);
} else if (command.startsWith('ad app federated-credential')) {
  const list = state.apps?.[opts.id];
  if (!list) fail(`Resource '${opts.id}' does not exist or one of its queried reference-property objects are not present.`, 3);
  const verb = words[3];
  const named = (target) => list.find((c) => c.id === target || c.name === target);
  if (verb === 'list') print(list);
  else if (verb === 'show') {
    const found = named(opts['federated-credential-id']);
    if (!found) fail(`Resource '${opts['federated-credential-id']}' does not exist or one of its queried reference-property objects are not present.`, 3);
    print(found);
  } else if (verb === 'update') {
    // Graph PATCH: the body's values replace the credential's; its name cannot change.
    const found = named(opts['federated-credential-id']);
    if (!found) fail(`Resource '${opts['federated-credential-id']}' does not exist or one of its queried reference-property objects are not present.`, 3);
    const c = { ...found, ...JSON.parse(opts.parameters), name: found.name };
    checkNew(list, c, found.name);
    write(`update app ${opts.id} ${c.name}`, () => Object.assign(found, c));
  } else if (verb === 'create') {
    const c = JSON.parse(opts.parameters);
    if (list.some((x) => x.name === c.name)) fail(`FederatedIdentityCredential with name ${c.name} already exists.`);
    checkNew(list, c, undefined);
    write(`create app ${opts.id} ${c.name}`, () => list.push({ ...c, id: newId() }));
    print(c);
  } else if (verb === 'delete') {
    const target = opts['federated-credential-id'];
    const at = list.findIndex((c) => c.id === target || c.name === target);
    if (at < 0) fail(`Resource '${target}' does not exist or one of its queried reference-property objects are not present.`, 3);
    write(`delete app ${opts.id} ${list[at].name}`, () => list.splice(at, 1));
  } else fail(`fake az: no '${command}'`, 2);
} else if (command.startsWith('ad app credential')) {
  // An app's secrets and certificates (issue 30), in state.secrets[APP_ID] =
  // {objectId, passwords: [{keyId, endDateTime, displayName}], certificates: [...]}.
  // `delete` of a secret posts Graph's removePassword; with --cert azure-cli PATCHes the app's
  // keyCredentials without the key and fails when it is not there (azure-cli 2.91.0
  // role/custom.py _delete_credential: "No key credential found with keyId as ...").
  // What removePassword answers for a keyId that is not there, Graph's docs do not say: the fake
  // fails, so that a script must look before it deletes.
  const app = state.secrets?.[opts.id];
  if (!app) fail(`Resource '${opts.id}' does not exist or one of its queried reference-property objects are not present.`, 3);
  const list = opts.cert ? app.certificates : app.passwords;
  const verb = words[3];
  if (verb === 'list') print(list);
  else if (verb === 'delete') {
    const at = list.findIndex((k) => k.keyId === opts['key-id']);
    if (at < 0) fail(opts.cert ? `No key credential found with keyId as '${opts['key-id']}' in graph object '${app.objectId}'.` : `(NotFound) No password credential found with keyId '${opts['key-id']}'.`);
    write(`remove ${opts.cert ? 'certificate' : 'secret'} ${opts.id} ${opts['key-id']}`, () => list.splice(at, 1));
  } else fail(`fake az: no '${command}'`, 2);
} else if (command === 'rest') {
  // az rest against Graph v1.0: an app addressed by its object ID.
  const url = new URL(opts.url);
  const match = url.pathname.match(/^\/v1\.0\/applications\/([^/]+)(\/.*)?$/);
  if (!match) fail(`fake az: no rest ${opts.method} ${opts.url}`, 2);
  const [, object, rest = ''] = match;
  const appId = Object.keys(state.secrets ?? {}).find((k) => state.secrets[k].objectId === object);
  if (!appId) fail(`Not Found({"error":{"code":"Request_ResourceNotFound","message":"Resource '${object}' does not exist."}})`, 3);
  const app = state.secrets[appId];
  const method = (opts.method ?? 'GET').toUpperCase();
  if (method === 'GET' && rest === '/federatedIdentityCredentials') print({ value: state.apps?.[appId] ?? [] });
  else if (method === 'GET' && rest === '') print({ passwordCredentials: app.passwords, keyCredentials: app.certificates });
  else if (method === 'POST' && rest === '/removePassword') {
    const { keyId } = JSON.parse(opts.body);
    const at = app.passwords.findIndex((k) => k.keyId === keyId);
    if (at < 0) fail(`Not Found({"error":{"code":"Request_ResourceNotFound","message":"No password credential found with keyId '${keyId}'."}})`);
    write(`remove secret ${appId} ${keyId}`, () => app.passwords.splice(at, 1));
  } else if (method === 'PATCH' && rest === '') {
    const body = JSON.parse(opts.body);
    const gone = app.certificates.filter((k) => !body.keyCredentials.some((b) => b.keyId === k.keyId));
    write(`remove certificate ${appId} ${gone.map((k) => k.keyId).join(',')}`, () => { app.certificates = body.keyCredentials; });
  } else fail(`fake az: no rest ${method} ${opts.url}`, 2);
} else {
  fail(`fake az: no '${command}'`, 2);
}
