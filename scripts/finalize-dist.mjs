// Turns Trunk's release output into a page that can make no network connection at all.
//
// Trunk's loader is an inline <script> that fetch()es the .wasm. A CSP with `connect-src 'none'`
// forbids that fetch, and `script-src 'self'` forbids the inline script. So this step:
//   1. ships the wasm bytes inside a same-origin JS module (loaded under script-src 'self'),
//   2. replaces the inline loader with a same-origin boot module that instantiates those bytes
//      (WebAssembly compilation is what 'wasm-unsafe-eval' allows),
//   3. adds the Content-Security-Policy meta tag as the first thing in <head>,
//   4. removes the .wasm from dist/ (nothing loads it) and keeps a copy in target/ for analysis,
//   5. minifies wasm-bindgen's JS glue and the stylesheet (esbuild; -2 KB gzip), renaming each to
//      its new content hash and renewing its integrity hash in index.html.
//
// Usage: node scripts/finalize-dist.mjs DIST [WASM_COPY_DIR]   (default target/dist-wasm)
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { transformSync } from 'esbuild';

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
const indexPath = join(dist, 'index.html');
let html = readFileSync(indexPath, 'utf8');

function fail(message) {
  console.error(`finalize-dist: ${message}`);
  process.exit(1);
}

if (html.includes('http-equiv="Content-Security-Policy"')) fail(`${indexPath} is already finalized; run trunk build first`);

const loader = html.match(/<script type="module"[^>]*>\s*import init, \* as bindings from '([^']+)';[\s\S]*?<\/script>/);
if (!loader) fail(`Trunk's inline loader was not found in ${indexPath}; did Trunk's output change?`);
const gluePath = loader[1];
const wasmPath = loader[0].match(/module_or_path: '([^']+)'/)?.[1];
if (!wasmPath) fail(`the wasm path was not found in Trunk's loader in ${indexPath}`);

const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

/**
 * Minifies the dist file at `path` (as index.html names it, e.g. /style-….css) into a file named
 * for its new content, and points index.html at it, integrity included. Returns the new path.
 */
function minify(path, loader) {
  const file = join(dist, basename(path));
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader, minify: true, format: loader === 'js' ? 'esm' : undefined, legalComments: 'none' });
  const renamed = path.replace(/-[0-9a-f]+(\.\w+)$/, `-${hash(code)}$1`);
  if (renamed === path) fail(`${path} has no content hash in its name to renew`);
  rmSync(file);
  writeFileSync(join(dist, basename(renamed)), code);
  const tag = html.match(new RegExp(`<link[^>]*href="${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`));
  if (!tag) fail(`no <link> to ${path} in ${indexPath}`);
  html = html.replace(tag[0], tag[0].replace(path, renamed).replace(/integrity="[^"]*"/, `integrity="${sri(code)}"`));
  return renamed;
}

// A page without a stylesheet (the bench's bare Yew app) has only its glue to minify.
const css = html.match(/<link rel="stylesheet" href="([^"]+\.css)"/)?.[1];
if (css) minify(css, 'css');
// The glue's import path is in Trunk's loader, which is replaced below.
const glue = minify(gluePath, 'js');
if (existsSync(join(dist, basename(gluePath)))) fail(`${gluePath} is still in ${dist}`);

const wasmFile = join(dist, basename(wasmPath));
const wasm = readFileSync(wasmFile);

// The wasm travels as a JS string literal, one character per byte, so gzip and brotli still see
// the wasm's own repeats (base64 would hide them). To keep the text small, byte values are
// renamed by frequency: the 124 most common become the ASCII characters that need no escape (one
// byte of UTF-8 each), the rest U+0080-U+00FF or an escaped character (two bytes each). The
// boot module maps them back with the 256-entry table.
const ESCAPED = [0x0a, 0x0d, 0x22, 0x5c]; // \n, \r, ", \ : the only characters a "…" literal cannot hold raw
function encode(bytes) {
  const counts = new Array(256).fill(0);
  for (const b of bytes) counts[b] += 1;
  const byFrequency = [...counts.keys()].sort((a, b) => counts[b] - counts[a] || a - b);
  const codes = [];
  for (let c = 0; c < 0x80; c++) if (!ESCAPED.includes(c)) codes.push(c);
  for (let c = 0x80; c < 0x100; c++) codes.push(c);
  codes.push(...ESCAPED);
  const codeOf = new Array(256);
  const table = new Array(256).fill(0); // code point -> byte
  byFrequency.forEach((byte, i) => {
    codeOf[byte] = codes[i];
    table[codes[i]] = byte;
  });
  const escape = { 0x0a: '\\n', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };
  const parts = [];
  for (const b of bytes) {
    const c = codeOf[b];
    parts.push(escape[c] ?? String.fromCharCode(c));
  }
  return { literal: `"${parts.join('')}"`, table };
}

const stem = basename(glue, '.js');

const { literal, table } = encode(wasm);
const bytesModule = `// The app's WebAssembly, one byte per character (see scripts/finalize-dist.mjs).\nexport const table = ${JSON.stringify(table)};\nexport default ${literal};\n`;
const bytesName = `${stem}_bg-${hash(bytesModule)}.js`;
writeFileSync(join(dist, bytesName), bytesModule);

// The loop is in a function with typed arrays: V8 optimises it sooner than top-level module code
// (measured in node: about 5 ms instead of 6-10 ms for 510 KB).
// The release wasm turns a panic into a trap (panic=immediate-abort, scripts/dist.sh), so the Rust
// panic hook never runs: a trap, wherever it surfaces, reveals the crash banner index.html ships.
const boot = `import init from '${glue}';
import wasm, { table } from './${bytesName}';
function crashed(error) {
  if (error instanceof WebAssembly.RuntimeError) document.getElementById('fatal')?.removeAttribute('hidden');
}
addEventListener('error', (event) => crashed(event.error));
addEventListener('unhandledrejection', (event) => crashed(event.reason));
function decode(text, codes) {
  const map = Uint8Array.from(codes);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = map[text.charCodeAt(i)];
  return bytes;
}
try {
  await init({ module_or_path: decode(wasm, table) });
} catch (error) {
  crashed(error);
  throw error;
}
`;
const bootName = `boot-${hash(boot)}.js`;
writeFileSync(join(dist, bootName), boot);

html = html.replace(loader[0], `<script type="module" src="/${bootName}"></script>`);
// Trunk preloads the .wasm with a fetch; nothing loads it now.
html = html.replace(/<link rel="preload" href="[^"]+\.wasm"[^>]*>\s*/g, '');
html = html.replace(
  /<link rel="modulepreload" href="([^"]+)"[^>]*>/,
  (tag) => `${tag}\n<link rel="modulepreload" href="/${bytesName}">`,
);
html = html.replace(
  '<meta charset="utf-8" />',
  `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
);
if (!html.includes('http-equiv="Content-Security-Policy"')) fail(`no <meta charset="utf-8" /> in ${indexPath} to put the CSP after`);
// Comments in index.html are for its readers, not its visitors.
html = html.replace(/\s*<!--[\s\S]*?-->/g, '');
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('an inline script is left in index.html; the CSP would block it');
writeFileSync(indexPath, html);

// The pages whose code loads on demand (scripts/page-modules.sh, issue 17): each page's glue and
// bytes go into dist/pages/, packed like the first module's, and the dev loader is replaced by
// one that instantiates the bytes without fetch(). make bench and the budget test count dist/
// as the first visit and dist/pages/ per page.
const PAGES = ['inspect', 'predict'];
let pagesNote = '';
if (existsSync(join(dist, 'page-loader.js'))) {
  const pagesDir = join(dist, 'pages');
  mkdirSync(pagesDir, { recursive: true });
  const modules = {};
  for (const page of PAGES) {
    const glueFile = join(dist, `${page}.js`);
    const bytesFile = join(dist, `${page}_bg.wasm`);
    if (!existsSync(glueFile) || !existsSync(bytesFile)) fail(`the ${page} page's module (${page}.js, ${page}_bg.wasm) is missing from dist: did scripts/page-modules.sh run?`);
    const { code } = transformSync(readFileSync(glueFile, 'utf8'), { loader: 'js', minify: true, format: 'esm', legalComments: 'none' });
    const glueName = `${page}-${hash(code)}.js`;
    writeFileSync(join(pagesDir, glueName), code);
    const bytes = readFileSync(bytesFile);
    const packed = encode(bytes);
    const bytesModule = `// The ${page} page's WebAssembly, one byte per character (see scripts/finalize-dist.mjs).\nexport const table = ${JSON.stringify(packed.table)};\nexport default ${packed.literal};\n`;
    const bytesName = `${page}_bg-${hash(bytesModule)}.js`;
    writeFileSync(join(pagesDir, bytesName), bytesModule);
    const copyDir = process.argv[3] ?? 'target/dist-wasm';
    mkdirSync(copyDir, { recursive: true });
    copyFileSync(bytesFile, join(copyDir, `${page}_bg.wasm`));
    rmSync(glueFile);
    rmSync(bytesFile);
    modules[page] = [`./pages/${glueName}`, `./pages/${bytesName}`];
    pagesNote += `; ${page} page: pages/${bytesName} (${bytes.length} bytes of wasm)`;
  }
  // The dev loader (static/page-loader.js) with its `known` and `start` replaced: the pages are
  // the modules packed above, and their bytes are instantiated without fetch().
  const release = `const MODULES = ${JSON.stringify(modules)};
function known(page) {
  return Object.hasOwn(MODULES, page ?? '');
}

async function start(root) {
  const [glue, bytes] = await Promise.all(MODULES[root.dataset.page].map((path) => import(path)));
  const map = Uint8Array.from(bytes.table);
  const text = bytes.default;
  const wasm = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) wasm[i] = map[text.charCodeAt(i)];
  await glue.default({ module_or_path: wasm });
  glue.mount(root);
}
`;
  const dev = readFileSync(join(dist, 'page-loader.js'), 'utf8');
  const replaced = /function known\(page\) \{[\s\S]*?\n\}\n\nasync function start\(root\) \{[\s\S]*?\n\}\n/;
  if (!replaced.test(dev)) fail('static/page-loader.js no longer has known() then start() for the release build to replace');
  const { code: loader } = transformSync(dev.replace(replaced, () => release), { loader: 'js', minify: true, format: 'esm', legalComments: 'none' });
  const loaderName = `page-loader-${hash(loader)}.js`;
  writeFileSync(join(dist, loaderName), loader);
  rmSync(join(dist, 'page-loader.js'));
  const tag = '<script type="module" src="/page-loader.js"></script>';
  if (!html.includes(tag)) fail(`${indexPath} does not load /page-loader.js`);
  html = html.replace(tag, `<script type="module" src="/${loaderName}"></script>`);
  writeFileSync(indexPath, html);
}

const wasmCopyDir = process.argv[3] ?? 'target/dist-wasm';
mkdirSync(wasmCopyDir, { recursive: true });
copyFileSync(wasmFile, join(wasmCopyDir, basename(wasmFile).replace(/-[0-9a-f]+_bg\.wasm$/, '_bg.wasm')));
rmSync(wasmFile);
console.log(`finalize-dist: CSP added; wasm (${wasm.length} bytes) ships in ${bytesName}, started by ${bootName}${pagesNote}`);
