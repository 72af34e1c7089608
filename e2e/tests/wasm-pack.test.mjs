// scripts/wasm-pack.mjs, how a release module travels to the page (issue 26): the base64 of its
// Zopfli DEFLATE stream in a script, turned back into the module by `UNPACK` with the browser's
// own DecompressionStream. Node has the same Blob, DecompressionStream, Response and
// WebAssembly.instantiateStreaming, so the page's side runs here as written; every other e2e test
// runs the release build through it in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync, inflateRawSync } from 'node:zlib';
import { DIST } from '../lib/harness.mjs';
import { deflated, scriptOf, UNPACK } from '../../scripts/wasm-pack.mjs';

/** A module whose export `f` returns `value`: (module (func (export "f") (result i32) i32.const value)). */
function answering(value) {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
    0x03, 0x02, 0x01, 0x00, // one function of that type
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f"
    0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, value, 0x0b, // i32.const value
  ]);
}

/** Bytes that repeat in places, as code does, and vary elsewhere. */
function codeLike(length, seed) {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = i % 64 < 40 ? (i * 7) & 0xff : state >>> 24;
  }
  return bytes;
}

/** Writes the scripts and the page's side into a folder and imports them, as the page does. */
async function page(scripts) {
  const dir = mkdtempSync(join(tmpdir(), 'fedcred-pack-'));
  try {
    writeFileSync(join(dir, 'unpack.mjs'), UNPACK);
    const { unpack } = await import(pathToFileURL(join(dir, 'unpack.mjs')));
    const loaded = [];
    for (const [i, text] of scripts.entries()) {
      writeFileSync(join(dir, `s${i}.mjs`), text);
      loaded.push(await import(pathToFileURL(join(dir, `s${i}.mjs`))));
    }
    return { unpack, loaded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bytesOf = async (response) => new Uint8Array(await (await response).arrayBuffer());

test('one module comes back byte for byte, as a wasm response that instantiates', async () => {
  const { unpack, loaded: [script] } = await page([await scriptOf(answering(42))]);
  const response = unpack(script);
  assert.equal(response.headers.get('content-type'), 'application/wasm', 'instantiateStreaming asks for it');
  const { instance } = await WebAssembly.instantiateStreaming(response, {});
  assert.equal(instance.exports.f(), 42);
  const { loaded: [again] } = await page([await scriptOf(codeLike(200_000, 7))]);
  assert.deepEqual(await bytesOf(unpack(again)), codeLike(200_000, 7));
});

test('several modules in one script each come back whole, from one inflation', async () => {
  const members = [['c1', answering(1)], ['c2', codeLike(5000, 3)], ['c3', answering(3)]];
  const text = await scriptOf(members);
  assert.match(text, /^export default "[A-Za-z0-9+/=]+";\nexport const c1 = \[0, 34\];\nexport const c2 = \[34, 5034\];\nexport const c3 = \[5034, 5068\];$/);
  const { unpack, loaded: [script] } = await page([text]);
  const made = [];
  const Native = globalThis.DecompressionStream;
  globalThis.DecompressionStream = class extends Native {
    constructor(format) {
      super(format);
      made.push(format);
    }
  };
  try {
    const [one, two, three] = await Promise.all([unpack(script, script.c1), unpack(script, script.c2), unpack(script, script.c3)]);
    assert.equal((await WebAssembly.instantiateStreaming(one, {})).instance.exports.f(), 1);
    assert.deepEqual(await bytesOf(two), codeLike(5000, 3));
    assert.equal((await WebAssembly.instantiateStreaming(three, {})).instance.exports.f(), 3);
    assert.deepEqual(await bytesOf(unpack(script, script.c2)), codeLike(5000, 3), 'asked again');
  } finally {
    globalThis.DecompressionStream = Native;
  }
  assert.deepEqual(made, ['deflate-raw'], 'inflated once, as raw DEFLATE');
});

test('the base64 is decoded natively where the browser can, and without it elsewhere', async () => {
  const bytes = codeLike(3000, 11);
  const { unpack, loaded: [script] } = await page([await scriptOf(bytes)]);
  const had = Object.getOwnPropertyDescriptor(Uint8Array, 'fromBase64');
  assert.deepEqual(await bytesOf(unpack(script)), bytes, Uint8Array.fromBase64 ? 'natively' : 'without Uint8Array.fromBase64');
  const calls = [];
  Uint8Array.fromBase64 = (text) => {
    calls.push(text.length);
    return Uint8Array.from(Buffer.from(text, 'base64'));
  };
  try {
    assert.deepEqual(await bytesOf(unpack(script)), bytes);
    assert.equal(calls.length, 1, 'Uint8Array.fromBase64 decoded it');
  } finally {
    if (had) Object.defineProperty(Uint8Array, 'fromBase64', had);
    else delete Uint8Array.fromBase64;
  }
});

test('the stream is smaller than gzip at its highest level, and inflates to what went in', async () => {
  const bytes = codeLike(100_000, 13);
  const stream = await deflated(bytes);
  assert.deepEqual(new Uint8Array(inflateRawSync(stream)), bytes);
  assert.ok(stream.length < gzipSync(bytes, { level: 9 }).length, `${stream.length} bytes against gzip's ${gzipSync(bytes, { level: 9 }).length}`);
});

test('the release build ships its first module this way, and smaller than gzip would have it', () => {
  const name = readdirSync(DIST).find((f) => /^app_bg-[0-9a-f]+\.js$/.test(f));
  assert.ok(name, `a first module in ${DIST}`);
  const text = readFileSync(join(DIST, name), 'utf8');
  const [, base64] = text.match(/^export default "([A-Za-z0-9+/=]+)";$/) ?? [];
  assert.ok(base64, 'one base64 string, nothing else');
  const stream = Buffer.from(base64, 'base64');
  const wasm = inflateRawSync(stream);
  assert.ok(WebAssembly.validate(wasm), 'a valid module');
  const gzip = gzipSync(wasm, { level: 9 }).length;
  assert.ok(stream.length < gzip * 0.97, `${stream.length} bytes of DEFLATE against gzip's ${gzip}`);
  assert.ok(gzipSync(text, { level: 9 }).length < gzip, 'and the script as a host gzips it, too');
});
