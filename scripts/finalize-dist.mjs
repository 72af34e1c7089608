// Turns the release output (Trunk's page and scripts/app-module.sh's split WebAssembly) into a
// page that can make no network connection at all.
//
// wasm-bindgen's glue and wasm-split-cli's loader fetch() the .wasm files. A CSP with
// `connect-src 'none'` forbids that fetch. So this step:
//   0. shortens the names between the first module, its glue, the loader and the parts
//      (scripts/wasm-names.mjs: about 5.4 KB of gzip on a first visit, issue 26),
//   1. ships each wasm's bytes inside a same-origin JS module (loaded under script-src 'self'),
//      compressed here and inflated by the browser (scripts/wasm-pack.mjs):
//      the first module's beside the page, each page's part in dist/pages/ (the small shared
//      parts, and those both entry pages load, together by the entry pages that load them),
//   2. makes the parts' loader (__wasm_split.js) import those modules instead of fetching the
//      .wasm files, and writes a boot module that instantiates the first module's bytes
//      (WebAssembly compilation is what 'wasm-unsafe-eval' allows),
//   3. adds the Content-Security-Policy meta tag as the first thing in <head>,
//   4. removes every .wasm from dist/ (nothing loads one) and keeps a copy in target/ for analysis,
//   5. minifies the JS and the stylesheet (esbuild; -2 KB gzip), naming each for its content and
//      renewing the stylesheet's integrity hash in index.html.
//
// Usage: node scripts/finalize-dist.mjs DIST [WASM_COPY_DIR]   (default target/dist-wasm)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { rename, shorten, shortenLoader } from './wasm-names.mjs';
import { scriptOf, UNPACK } from './wasm-pack.mjs';

export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "font-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const dist = process.argv[2] ?? 'dist';
const wasmCopyDir = process.argv[3] ?? 'target/dist-wasm';
const indexPath = join(dist, 'index.html');
let html = readFileSync(indexPath, 'utf8');

function fail(message) {
  console.error(`finalize-dist: ${message}`);
  process.exit(1);
}

if (html.includes('http-equiv="Content-Security-Policy"')) fail(`${indexPath} is already finalized; run trunk build first`);
const BOOT_TAG = '<script type="module" src="/boot.js"></script>';
if (!html.includes(BOOT_TAG)) fail(`${indexPath} does not start /boot.js (static/boot.js); did index.html change?`);

const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
const minifyJs = (code) => transformSync(code, { loader: 'js', minify: true, format: 'esm', legalComments: 'none' }).code;
const read = (name) => {
  const file = join(dist, name);
  if (!existsSync(file)) fail(`${file} is missing: did scripts/app-module.sh run (Trunk.toml [[hooks]])?`);
  return readFileSync(file);
};

// The stylesheet, minified and named for its content (a page without one, the bench's bare Yew
// app, has none).
const css = html.match(/<link rel="stylesheet" href="([^"]+\.css)"[^>]*>/);
if (css) {
  const file = join(dist, basename(css[1]));
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'css', minify: true, legalComments: 'none' });
  const renamed = css[1].replace(/-[0-9a-f]+(\.css)$/, `-${hash(code)}$1`);
  if (renamed === css[1]) fail(`${css[1]} has no content hash in its name to renew`);
  rmSync(file);
  writeFileSync(join(dist, basename(renamed)), code);
  html = html.replace(css[0], css[0].replace(css[1], renamed).replace(/integrity="[^"]*"/, `integrity="${sri(code)}"`));
}

const wasmFiles = ['app_bg.wasm', ...(existsSync(join(dist, 'pages')) ? readdirSync(join(dist, 'pages')).filter((f) => f.endsWith('.wasm')).sort().map((f) => `pages/${f}`) : [])];
const wasmBytes = new Map(wasmFiles.map((file) => [file, read(file)]));
/** The wasm at dist/`from`, as the renaming below leaves it. */
const bytesOf = (from) => wasmBytes.get(from) ?? read(from);
let glue = read('app.js').toString('utf8');
// A build without the split (the bench's bare Yew app) has no loader: the boot module holds
// `unpack` itself.
const split = existsSync(join(dist, '__wasm_split.js'));
let loader = split ? read('__wasm_split.js').toString('utf8') : '';
// The names between the first module and its glue, shortened (scripts/wasm-names.mjs): the
// exports the loader reads by name keep theirs.
{
  const before = wasmBytes.get('app_bg.wasm');
  const shortened = shorten(before, glue, { keep: loader.match(/[A-Za-z_$][\w$]*/g) ?? [] });
  const names = (m) => ({
    imports: WebAssembly.Module.imports(m).map((i) => `${i.module} ${i.kind}`),
    exports: WebAssembly.Module.exports(m).map((e) => e.kind),
  });
  // The engine reads the result, and finds the same imports and exports, kind by kind.
  if (JSON.stringify(names(new WebAssembly.Module(shortened.wasm))) !== JSON.stringify(names(new WebAssembly.Module(before))).replaceAll('./app_bg.js ', 'a ')) {
    fail('the module with shortened names does not have the imports and exports it had');
  }
  wasmBytes.set('app_bg.wasm', shortened.wasm);
  glue = shortened.glue;
}
// And the names each part imports the first module's memory, table and globals by.
if (split) {
  const shortened = shortenLoader(loader);
  loader = shortened.loader;
  for (const [file, bytes] of wasmBytes) {
    if (file === 'app_bg.wasm') continue;
    const renamed = rename(bytes, { importName: shortened.importName });
    const got = WebAssembly.Module.imports(new WebAssembly.Module(renamed)).map((i) => `${i.module} ${i.name} ${i.kind}`);
    const want = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => `${shortened.importName(i.module, i.name).join(' ')} ${i.kind}`);
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(`${file} with shortened import names does not import what it did`);
    wasmBytes.set(file, renamed);
  }
}

/** The wasm at dist/`from`; the .wasm leaves dist/, a copy stays in target/. */
function take(from, stem) {
  const bytes = bytesOf(from);
  mkdirSync(wasmCopyDir, { recursive: true });
  writeFileSync(join(wasmCopyDir, `${stem}_bg.wasm`), bytes);
  rmSync(join(dist, from));
  return bytes;
}

/** Writes `text` to dist/`dir`/`stem`_bg-HASH.js; returns that name. */
function write(dir, stem, text) {
  const name = `${dir}${stem}_bg-${hash(text)}.js`;
  mkdirSync(join(dist, dir), { recursive: true });
  writeFileSync(join(dist, name), text);
  return name;
}

/** The scripts of single wasm files, made once (the grouping below weighs them first). */
const scripts = new Map();
const singleScript = async (from) => {
  if (!scripts.has(from)) scripts.set(from, await scriptOf(bytesOf(from)));
  return scripts.get(from);
};

/** Packs the wasm at dist/`from` into dist/`dir`/`stem`_bg-HASH.js; returns that name. */
async function pack(from, dir, stem) {
  const text = await singleScript(from);
  const { length: size } = take(from, stem);
  return { name: write(dir, stem, text), size };
}

const main = await pack('app_bg.wasm', '', 'app');

// Each part of the split module (scripts/app-module.sh): pages/split_<page>.wasm is a page's own
// code, pages/chunk_<n>.wasm code that pages share. The loader fetch()es each by its file name;
// it imports the script that carries it instead, and instantiates what `unpack` inflates.
const parts = existsSync(join(dist, 'pages')) ? readdirSync(join(dist, 'pages')).filter((f) => f.endsWith('.wasm')).sort() : [];
const stemOf = (file) => file.replace(/\.wasm$/, '').replace(/^split_/, '').replace(/^chunk_/, 'shared-');
const fetchOf = (file) => {
  const fetch = `fetch(new URL("./${file}", import.meta.url))`;
  if (!loader.includes(fetch)) fail(`__wasm_split.js does not fetch ./${file} as this script expects; did wasm-split-cli's loader change?`);
  return fetch;
};
// wasm-split-cli cuts the code several loads share into one chunk per set of loads, so no load
// downloads code it does not run; but each file costs a visit its own overhead (the wasm's
// preamble and sections, the script around it, gzip's header), and chunks compress better
// together. So chunks travel together when the same entry pages (those with parts of their own)
// load them: every chunk both load, and every chunk under 1 KB of gzip, in one file per set of
// entry pages, pages/shared-<pages>_bg-HASH.js, one export per chunk (issue 26; measured on the
// build of 2026-12-05, against a file per chunk: #inspect -3.9 KB, #predict -6.3 KB, all three
// pages -7.6 KB, and each feature's first load less too, the code a load does not run included;
// one file for all of them saved less on #inspect, larger chunks in them cost the features'
// first loads more).
const ENTRY_PAGES = ['inspect', 'predict'];
const SMALL = 1024;
// What each load (`__wasm_split_load_<name>`: a page or a feature) fetches, its own part and the
// chunks it waits for, read from wasm-split-cli's loader once, before it is rewritten.
const chunkFile = Object.fromEntries([...loader.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/(chunk_\d+\.wasm)"/g)].map((m) => [m[1], m[2]]));
const loads = new Map();
for (const [, load, file, deps] of loader.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/(split_\w+\.wasm)"[\s\S]*?, \[([^\]]*)\]\)\);/g)) {
  const chunks = deps.split(',').map((d) => d.trim()).filter(Boolean)
    .map((dep) => chunkFile[dep] ?? fail(`__wasm_split.js: the ${load} load waits for ${dep}, which it does not fetch as this script expects`));
  loads.set(load, { file, chunks });
}
if (loads.size !== parts.filter((f) => f.startsWith('split_')).length) fail(`__wasm_split.js: found the parts of ${[...loads.keys()].join(', ') || 'no page'}, expected one per pages/split_*.wasm; did wasm-split-cli's loader change?`);
if (parts.length > 0 && ENTRY_PAGES.some((page) => !loads.get(page)?.chunks.length)) fail(`__wasm_split.js: no chunk is loaded by one of ${ENTRY_PAGES.join(', ')}; did the pages' marks (src/components/lazy_page.rs) change?`);
const groups = new Map(); // the entry pages that load them -> chunk files
for (const file of parts.filter((f) => f.startsWith('chunk_'))) {
  const pages = ENTRY_PAGES.filter((page) => loads.get(page).chunks.includes(file));
  // Weighed only when it decides: a chunk both entry pages load travels with the others anyway
  // (and Zopfli takes its time).
  if (pages.length === ENTRY_PAGES.length || gzipSync(await singleScript(`pages/${file}`), { level: 9 }).length < SMALL) {
    const key = pages.join('-') || 'features';
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
}
const together = [...groups.values()].filter((files) => files.length > 1).flat();
const packedNames = [];
const packedAs = new Map(); // part file -> the script it travels in
for (const [key, files] of groups) {
  if (files.length < 2) continue;
  const members = files.map((file) => ({ file, name: `c${file.match(/\d+/)[0]}`, bytes: take(`pages/${file}`, stemOf(file)) }));
  const name = write('pages/', `shared-${key}`, await scriptOf(members.map((m) => [m.name, m.bytes])));
  for (const m of members) {
    loader = loader.replaceAll(fetchOf(m.file), `import("./${name}").then((m) => unpack(m, m.${m.name}))`);
    packedAs.set(m.file, name);
  }
  packedNames.push(`${name} (${members.map((m) => `${m.file}: ${m.bytes.length}`).join(', ')} bytes of wasm)`);
}
for (const file of parts.filter((f) => !together.includes(f))) {
  const fetch = fetchOf(file);
  const part = await pack(`pages/${file}`, 'pages/', stemOf(file));
  packedNames.push(`${part.name} (${part.size} bytes of wasm)`);
  loader = loader.replaceAll(fetch, `import("./${part.name}").then(unpack)`);
  packedAs.set(file, part.name);
}
// The loader instantiates each part from what it fetched, as it streams in: from the Response
// that `unpack` makes of the part's inflated bytes instead.
const STREAM = 'WebAssembly.instantiateStreaming(src, imports)';
if (parts.length > 0 && !loader.includes(STREAM)) fail(`__wasm_split.js does not instantiate with ${STREAM}; did wasm-split-cli's loader change?`);
if (/\bfetch\(/.test(loader)) fail('__wasm_split.js still calls fetch(), which the CSP forbids');
// What each entry page loads: its part and the parts it shares with another page, in the scripts
// they travel in. The boot module starts these downloads for the page the visit opens on, beside
// the first module's; a feature's parts (the audit, a reader) wait until the feature is used.
const scriptsOf = (load) => {
  const { file, chunks } = loads.get(load);
  return [...new Set([...chunks, file].map((f) => packedAs.get(f)))];
};
const partsOf = {};
for (const page of ENTRY_PAGES.filter((p) => loads.has(p))) partsOf[page] = scriptsOf(page);
// A shared link's builder state is read by a part of its own (src/link.rs), which the app waits
// for before its first render: the boot module starts it beside the first module when the
// address carries a state (`#build?s=…`, as src/route.rs's state_value finds it).
const LINK = 'link';
if (split && !loads.has(LINK)) fail(`__wasm_split.js has no ${LINK} load; did src/link.rs's mark change?`);
const linkParts = loads.has(LINK) ? scriptsOf(LINK) : [];

loader += UNPACK;

// The glue imports the loader and the loader imports the glue: both are named for one hash of
// what both say before either name is written in.
const build = hash(`${glue}\n${loader}`);
const glueName = `app-${build}.js`;
const loaderName = `split-${build}.js`;
const GLUE_IMPORT = /from ["']\.\/app\.js["']/;
const LOADER_IMPORT = /from ["']\.\/__wasm_split\.js["']/g;
if (split && !GLUE_IMPORT.test(loader)) fail('__wasm_split.js does not import ./app.js; did wasm-split-cli change?');
if (parts.length > 0 && !LOADER_IMPORT.test(glue)) fail('the glue does not import ./__wasm_split.js; did wasm-bindgen change?');
if (split) writeFileSync(join(dist, loaderName), minifyJs(loader.replace(GLUE_IMPORT, `from "./${glueName}"`)));
writeFileSync(join(dist, glueName), minifyJs(glue.replace(LOADER_IMPORT, `from "./${loaderName}"`)));
rmSync(join(dist, 'app.js'));
if (split) rmSync(join(dist, '__wasm_split.js'));

// The release wasm turns a panic into a trap (panic=immediate-abort, scripts/dist.sh), so the Rust
// panic hook never runs: a trap, wherever it surfaces, reveals the crash banner index.html ships.
// The boot module imports nothing statically: a static import would hold its body back until the
// first module's 165 KB of gzip had arrived, and only then would the opened page's parts start
// downloading (issue 26, measured: #inspect's parts requested 117 ms after navigation instead of
// beside the first module at about 55 ms). index.html preloads the first module, the glue and the
// loader; the body starts the page's parts, then imports those three, which the preloads are
// already fetching.
const boot = minifyJs(`${split ? '' : UNPACK}
// What the modules are loaded with (scripts/wasm-pack.mjs): a browser without it is told so in
// words (index.html's #unsupported) instead of being left with an empty page.
let supported = typeof WebAssembly === 'object';
try {
  new DecompressionStream('deflate-raw');
} catch {
  supported = false;
}
function crashed(error) {
  if (supported && error instanceof WebAssembly.RuntimeError) document.getElementById('fatal')?.removeAttribute('hidden');
}
addEventListener('error', (event) => crashed(event.error));
addEventListener('unhandledrejection', (event) => crashed(event.reason));
if (!supported) document.getElementById('unsupported')?.removeAttribute('hidden');
else {
// The page the visit opens on, chosen as the app chooses it (src/route.rs: the last embed= in the
// query, else the fragment, up to its first ?, & or /): its parts start downloading now. A part
// that fails here is loaded again, and reported, when the page asks for it.
const PARTS = ${JSON.stringify(partsOf)};
let opened = location.hash;
for (const pair of location.search.replace(/^\\?/, '').split('&')) {
  const at = pair.indexOf('=');
  if ((at < 0 ? pair : pair.slice(0, at)) === 'embed') opened = at < 0 ? '' : pair.slice(at + 1);
}
for (const path of PARTS[opened.replace(/^#+/, '').split(/[?&/]/)[0]] ?? []) import('./' + path).catch(() => {});
${split ? `const query = location.hash.indexOf('?');
if (query >= 0 && location.hash.slice(query + 1).split('&').some((pair) => pair.startsWith('s='))) {
  for (const path of ${JSON.stringify(linkParts)}) import('./' + path).catch(() => {});
}` : ''}
try {
  const [{ default: init }, ${split ? '{ unpack }, ' : ''}wasm] = await Promise.all([import('./${glueName}'), ${split ? `import('./${loaderName}'), ` : ''}import('./${main.name}')]);
  await init({ module_or_path: unpack(wasm) });
} catch (error) {
  crashed(error);
  throw error;
}
}
`);
const bootName = `boot-${hash(boot)}.js`;
writeFileSync(join(dist, bootName), boot);
rmSync(join(dist, 'boot.js'));

html = html.replace(
  BOOT_TAG,
  [bootName, glueName, ...(split ? [loaderName] : []), main.name].map((name, i) => i === 0
    ? `<script type="module" src="./${name}"></script>`
    : `<link rel="modulepreload" href="./${name}">`).join('\n    '),
);
html = html.replace(
  '<meta charset="utf-8" />',
  `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
);
if (!html.includes('http-equiv="Content-Security-Policy"')) fail(`no <meta charset="utf-8" /> in ${indexPath} to put the CSP after`);
// Trunk leaves the skipped rust asset's link (index.html says why it is there).
html = html.replace(/\s*<link data-trunk rel="rust"[^>]*>/, '');
// Comments in index.html are for its readers, not its visitors.
html = html.replace(/\s*<!--[\s\S]*?-->/g, '');
// Every URL the page asks for is relative to the page (issue 28): served from a sub-path (a
// GitHub Pages project site is https://OWNER.github.io/REPO/), `/style.css` would be asked of the
// host's root. The scripts' own imports are relative already (`./…`, resolved against each
// script's URL).
html = html.replace(/(<(?:link|script)\b[^>]*\b(?:href|src)=")\/(?!\/)/g, '$1./');
if (/(?:href|src)="\/(?!\/)/.test(html)) fail(`${indexPath} still names a file from the host's root`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('an inline script is left in index.html; the CSP would block it');
writeFileSync(indexPath, html);
const left = readdirSync(dist, { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
if (left.length > 0) fail(`.wasm files are left in ${dist}: ${left.join(', ')}`);

console.log(`finalize-dist: CSP added; wasm (${main.size} bytes) ships in ${main.name}, started by ${bootName}; parts loaded when their page is first shown: ${packedNames.join(', ') || 'none'}`);
