// How a release WebAssembly module travels to the page (issue 26): inside a same-origin script,
// because the page's policy forbids fetching anything (`connect-src 'none'`), as the base64 of its
// raw DEFLATE stream, compressed here with Zopfli and inflated in the page by the browser's own
// DecompressionStream('deflate-raw').
//
// Why compressed here, rather than left to the host: Zopfli (@gfx/zopfli, Google's zopfli built to
// WebAssembly) finds a DEFLATE stream 5-6% smaller than gzip's highest level, and the visitor then
// downloads about that whatever the host does. A host's gzip or brotli finds nothing more in it
// (base64's 64 characters cost either 6 bits each: 0.3-1% over the stream itself), and a host that
// compresses nothing (object storage, many internal servers) serves it as small. Measured on the
// first module of the build of 2026-12-06, against its earlier form (one character per byte, which
// left the compression to the host), in KB:
//
//   the host's compression     one character per byte    Zopfli in base64
//   gzip, level 9                      146.1                   134.6
//   gzip, level 6                      146.2                   134.6
//   gzip, level 1 (nginx's default)    160.9                   134.6
//   brotli, quality 4                  145.3                   134.3
//   brotli, quality 6                  137.0                   134.4
//   brotli, quality 11                 125.6                   134.3
//   none                               363.3                   178.7
//
// The one setting it loses to is brotli at its highest quality, which a host that compresses ahead
// of time may use; which quality a host uses is its own choice.
//
// Several modules can travel in one script, end to end in one stream (the small parts that the
// same pages load: they compress better together); named exports then say where each is.
//
// e2e/tests/wasm-pack.test.mjs checks the round trip through `UNPACK` in Node, which has the same
// Blob, DecompressionStream and Response; every other e2e test runs the release build through it.

import { inflateRawSync } from 'node:zlib';

// Zopfli's Emscripten runtime adds process-wide handlers for uncaught errors that print the
// library's whole source with any later error: removed, so that a script importing this module
// says its own errors.
const handlers = (event) => new Set(process.listeners(event));
const before = { uncaughtException: handlers('uncaughtException'), unhandledRejection: handlers('unhandledRejection') };
const { default: zopfli } = await import('@gfx/zopfli');
for (const [event, kept] of Object.entries(before)) {
  for (const handler of process.listeners(event)) if (!kept.has(handler)) process.off(event, handler);
}

/** Zopfli's default; 50 saved about 40 bytes on the first module, at twice the time. */
const ITERATIONS = 15;

/** The raw DEFLATE stream of `bytes`, inflated again and compared before it is returned. */
export async function deflated(bytes) {
  const stream = Buffer.from(await zopfli.deflateAsync(bytes, { numiterations: ITERATIONS }));
  if (!inflateRawSync(stream).equals(Buffer.from(bytes))) throw new Error('a Zopfli stream does not inflate to the bytes it was made of');
  return stream;
}

/**
 * The script that carries one module, or several end to end: `wasm` is a Uint8Array, or a list of
 * [name, bytes]. Its default export is the DEFLATE stream in base64; with several, each name is
 * exported as [start, end] of its module in the inflated bytes. No comment in it: it would be
 * downloaded with every part.
 */
export async function scriptOf(wasm) {
  if (!Array.isArray(wasm)) return `export default "${(await deflated(wasm)).toString('base64')}";`;
  let at = 0;
  const ranges = wasm.map(([name, bytes]) => `export const ${name} = [${at}, ${(at += bytes.length)}];`);
  const stream = await deflated(Buffer.concat(wasm.map(([, bytes]) => bytes)));
  return [`export default "${stream.toString('base64')}";`, ...ranges].join('\n');
}

/**
 * The page's side, as source text for a module (the split's loader, or the boot module without a
 * split): `unpack(script)` gives a script's module as a Response that
 * WebAssembly.instantiateStreaming (the loader's) and wasm-bindgen's init read, compiling as the
 * bytes are inflated; `unpack(script, script.NAME)` one of several, the script inflated once.
 * The base64 is decoded natively where the browser has Uint8Array.fromBase64.
 */
export const UNPACK = `
const WASM = { headers: { 'content-type': 'application/wasm' } };
const inflated = new WeakMap();
const inflate = (text) => new Blob([Uint8Array.fromBase64?.(text) ?? Uint8Array.from(atob(text), (c) => c.charCodeAt(0))])
  .stream().pipeThrough(new DecompressionStream('deflate-raw'));
export function unpack(script, range) {
  if (!range) return new Response(inflate(script.default), WASM);
  if (!inflated.has(script)) inflated.set(script, new Response(inflate(script.default)).arrayBuffer());
  return inflated.get(script).then((all) => new Response(all.slice(range[0], range[1]), WASM));
}
`;
