// scripts/wasm-order.mjs, which chooses the order of a release module's functions for
// compression (issue 26); Binaryen's --reorder-functions-by-name moves them. Binaryen and V8 are
// the references: the reordered module must do what it did, its functions in the chosen order.
// The release build itself is covered by every other e2e test, which runs against it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { functionBodies, functionOrder, withOrderNames } from '../../scripts/wasm-order.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WASM_OPT = join(ROOT, 'node_modules', '.bin', 'wasm-opt');

const bytes = (text) => [...new TextEncoder().encode(text)];
const name = (text) => [bytes(text).length, ...bytes(text)];
const section = (id, content) => [id, content.length, ...content];
const body = (code) => [code.length, ...code];

/**
 * A module with an imported function (0), four of its own, a table and exports:
 *   1: k() + 10        2: f1() + 20        3: f2() + 3        4: the table's entry 0 (function 3)
 * and, when asked, a `name` section already there.
 */
function module({ names = false } = {}) {
  const code = [
    [0, 0x10, 0, 0x41, 10, 0x6a, 0x0b],
    [0, 0x10, 1, 0x41, 20, 0x6a, 0x0b],
    [0, 0x10, 2, 0x41, 3, 0x6a, 0x0b],
    [0, 0x41, 0, 0x11, 0, 0, 0x0b],
  ];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 1, 0x7f]),
    ...section(2, [1, ...name('env'), ...name('k'), 0x00, 0]),
    ...section(3, [4, 0, 0, 0, 0]),
    ...section(4, [1, 0x70, 0x00, 2]),
    ...section(7, [4, ...name('a'), 0, 1, ...name('b'), 0, 2, ...name('c'), 0, 3, ...name('d'), 0, 4]),
    ...section(9, [1, 0x00, 0x41, 0, 0x0b, 2, 3, 1]),
    ...section(10, [4, ...code.flatMap(body)]),
    ...(names ? section(0, [...name('name'), 1, 3, 1, 1, ...name('x')]) : []),
  ]);
}

async function results(wasm) {
  const { instance } = await WebAssembly.instantiate(wasm, { env: { k: () => 5 } });
  const { a, b, c, d } = instance.exports;
  return [a(), b(), c(), d()];
}

function nameSections(wasm) {
  const text = Buffer.from(wasm).toString('latin1');
  return text.split('\x04name').length - 1;
}

test('the module\'s own functions are read, not its imports', () => {
  const { imported, bodies } = functionBodies(module());
  assert.equal(imported, 1);
  assert.deepEqual(bodies.map((b) => [...b]), [
    [0, 0x10, 0, 0x41, 10, 0x6a, 0x0b],
    [0, 0x10, 1, 0x41, 20, 0x6a, 0x0b],
    [0, 0x10, 2, 0x41, 3, 0x6a, 0x0b],
    [0, 0x41, 0, 0x11, 0, 0, 0x0b],
  ]);
});

test('functions that share their byte sequences are placed next to each other, the longest first', () => {
  const alike = (seed, extra) => Uint8Array.from([...Array.from({ length: 40 }, (_, i) => (seed * 31 + i * 7) % 251), ...extra]);
  // 0 and 2 are alike, 1 and 3 are alike; 3 is the longest.
  const bodies = [alike(1, [1]), alike(2, [2]), alike(1, [3, 4]), alike(2, [5, 6, 7])];
  const order = functionOrder(bodies);
  // After 3 and its like 1, neither 0 nor 2 shares anything with what is placed: the one written
  // first comes next, then its like.
  assert.deepEqual(order, [3, 1, 0, 2]);
  assert.deepEqual(functionOrder(bodies), order, 'the same order every time');
});

test('every function is placed once, also those too short to share anything', () => {
  const bodies = [[0x0b], [0, 0x0b], [], [1, 2, 3, 4, 5], [1, 2, 3, 4, 6]].map((b) => Uint8Array.from(b));
  const order = functionOrder(bodies);
  assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4]);
  assert.deepEqual(functionOrder([]), []);
});

test('Binaryen moves the functions into the chosen order, and the module does what it did', async () => {
  const original = module({ names: true });
  const before = await results(original);
  assert.deepEqual(before, [15, 35, 38, 38]);
  const named = withOrderNames(original, [3, 2, 0, 1]);
  assert.equal(nameSections(named), 1, 'the name section there is replaced, not kept beside the new one');
  const dir = mkdtempSync(join(tmpdir(), 'fedcred-wasm-order-'));
  try {
    writeFileSync(join(dir, 'in.wasm'), named);
    execFileSync(WASM_OPT, [join(dir, 'in.wasm'), '--reorder-functions-by-name', '-o', join(dir, 'out.wasm')]);
    const reordered = readFileSync(join(dir, 'out.wasm'));
    assert.deepEqual(await results(reordered), before);
    // Function 4 (the table call) names no function by index, so its bytes are the same.
    const { imported, bodies } = functionBodies(reordered);
    assert.equal(imported, 1);
    assert.deepEqual([...bodies[0]], [0, 0x41, 0, 0x11, 0, 0, 0x0b]);
    // Function 3 (now second) calls function 2, which is now last.
    assert.deepEqual([...bodies[1]], [0, 0x10, 4, 0x41, 3, 0x6a, 0x0b]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an order that does not place every function once is refused', () => {
  for (const order of [[0, 1, 2], [0, 1, 2, 2], [0, 1, 2, 4], [0, 1, 2, -1]]) {
    assert.throws(() => withOrderNames(module(), order), /does not place each of the module's 4 functions once/);
  }
});
