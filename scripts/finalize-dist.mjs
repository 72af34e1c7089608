// Turns Trunk's release output into a page that can make no network connection at all.
//
// Trunk's loader is an inline <script> that fetch()es the .wasm. A CSP with `connect-src 'none'`
// forbids that fetch, and `script-src 'self'` forbids the inline script. So this step:
//   1. ships the wasm bytes inside a same-origin JS module (loaded under script-src 'self'),
//   2. replaces the inline loader with a same-origin boot module that instantiates those bytes
//      (WebAssembly compilation is what 'wasm-unsafe-eval' allows),
//   3. adds the Content-Security-Policy meta tag as the first thing in <head>,
//   4. removes the .wasm from dist/ (nothing loads it) and keeps a copy in target/ for analysis.
//
// Usage: node scripts/finalize-dist.mjs dist
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

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

const wasmFile = join(dist, basename(wasmPath));
const wasm = readFileSync(wasmFile);

// Each byte becomes one UTF-16 code unit of a string literal (latin-1): byte-aligned, so gzip and
// brotli find the same repeats they find in the raw wasm (base64 would hide them).
function latin1Literal(bytes) {
  let out = '';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b === 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `"${out}"`;
}

const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const stem = basename(gluePath, '.js');

const bytesModule = `// The app's WebAssembly, one byte per character (see scripts/finalize-dist.mjs).\nexport default ${latin1Literal(wasm)};\n`;
const bytesName = `${stem}_bg-${hash(bytesModule)}.js`;
writeFileSync(join(dist, bytesName), bytesModule);

const boot = `import init from '${gluePath}';
import wasm from './${bytesName}';
const bytes = new Uint8Array(wasm.length);
for (let i = 0; i < wasm.length; i++) bytes[i] = wasm.charCodeAt(i);
await init({ module_or_path: bytes });
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
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('an inline script is left in index.html; the CSP would block it');
writeFileSync(indexPath, html);

mkdirSync('target/dist-wasm', { recursive: true });
copyFileSync(wasmFile, join('target/dist-wasm', 'fedcred-web_bg.wasm'));
rmSync(wasmFile);
console.log(`finalize-dist: CSP added; wasm (${wasm.length} bytes) ships in ${bytesName}, started by ${bootName}`);
