// scripts/wasm-names.mjs, which shortens the names between the first module and its glue in the
// release build (issue 26). The engine is the reference: V8 must accept the module it writes, read
// the same imports and exports renamed, and call through them as before. The release build itself
// is covered by every other e2e test, which runs against it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rename, shortName, shorten, shortenLoader } from '../../scripts/wasm-names.mjs';

const bytes = (text) => [...new TextEncoder().encode(text)];
const name = (text) => [bytes(text).length, ...bytes(text)];
const section = (id, content) => [id, content.length, ...content];

/**
 * A module as wasm-bindgen's output is shaped: two functions and a memory imported, the functions
 * from the glue's module; a function exported that calls the first import, and the memory exported.
 */
function module({ importModule = './app_bg.js' } = {}) {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // types: 0 = (i32) -> i32, 1 = () -> ()
    ...section(1, [2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 0, 0]),
    ...section(2, [
      3,
      ...name(importModule), ...name('__wbg_double_0123456789abcdef'), 0x00, 0,
      ...name(importModule), ...name('__wbg_log_fedcba9876543210'), 0x00, 1,
      ...name('__wasm_split'), ...name('memory'), 0x02, 0x01, 1, 2,
    ]),
    ...section(3, [1, 0]),
    ...section(7, [
      2,
      ...name('wasm_bindgen_d73a___convert__closures_____invoke_______true_'), 0x00, 2,
      ...name('memory'), 0x02, 0,
    ]),
    // code: (local.get 0) (call 0)
    ...section(10, [1, 6, 0, 0x20, 0, 0x10, 0, 0x0b]),
  ]);
}

const GLUE = `function imports() {
    const import0 = {
        __proto__: null,
        __wbg_double_0123456789abcdef: function(arg0) { return arg0 * 2; },
        __wbg_log_fedcba9876543210: function() {},
    };
    return { __proto__: null, "./app_bg.js": import0 };
}
function wasm_bindgen_d73a___convert__closures_____invoke_______true_(arg0) { return wasm.wasm_bindgen_d73a___convert__closures_____invoke_______true_(arg0); }
const memory = wasm.memory;
`;

test('short names count a to Z, then aa onwards, never twice', () => {
  assert.deepEqual([0, 1, 25, 26, 51, 52, 53, 103, 104].map(shortName), ['a', 'b', 'z', 'A', 'Z', 'aa', 'ab', 'aZ', 'ba']);
  const names = new Set(Array.from({ length: 3000 }, (_, i) => shortName(i)));
  assert.equal(names.size, 3000);
});

test('the glue\'s imports and the exports it reads are renamed in the module and the glue alike', async () => {
  const { wasm, glue, renamed } = shorten(module(), GLUE, { keep: ['memory'] });
  assert.equal(renamed, 3);
  const m = new WebAssembly.Module(wasm);
  assert.deepEqual(WebAssembly.Module.imports(m), [
    { module: 'a', name: 'a', kind: 'function' },
    { module: 'a', name: 'b', kind: 'function' },
    { module: '__wasm_split', name: 'memory', kind: 'memory' },
  ]);
  assert.deepEqual(WebAssembly.Module.exports(m), [
    { name: 'xa', kind: 'function' },
    { name: 'memory', kind: 'memory' },
  ]);
  assert.match(glue, /\ba: function\(arg0\) \{ return arg0 \* 2; \}/);
  assert.match(glue, /\bb: function\(\) \{\}/);
  assert.match(glue, /"a": import0/);
    assert.match(glue, /wasm\.memory;/, 'an export the loader reads keeps its name');
  assert.doesNotMatch(glue, /__wbg_|wasm\.wasm_bindgen_d73a/);
  // The glue's own wrapper of that export keeps its name (esbuild shortens it later).
  assert.match(glue, /function wasm_bindgen_d73a___convert__closures_____invoke_______true_\(arg0\) \{ return wasm\.xa\(arg0\); \}/);
  // The renamed module calls the renamed import, as the original called the original.
  const instance = await WebAssembly.instantiate(m, {
    a: { a: (x) => x * 2, b: () => {} },
    __wasm_split: { memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }) },
  });
  assert.equal(instance.exports.xa(21), 42);
});

test('imports of another module are left as they are', () => {
  const { wasm, glue, renamed } = shorten(module({ importModule: './other.js' }), GLUE, { keep: ['memory'] });
  assert.equal(renamed, 1, 'only the export the glue reads');
  assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(wasm)).map((i) => `${i.module} ${i.name}`), [
    './other.js __wbg_double_0123456789abcdef',
    './other.js __wbg_log_fedcba9876543210',
    '__wasm_split memory',
  ]);
  assert.match(glue, /"\.\/app_bg\.js": import0/);
});

test('a glue that does not give an import once is refused, not half renamed', () => {
  assert.throws(() => shorten(module(), GLUE.replace(/__wbg_log_fedcba9876543210: function\(\) \{\},/, '')), /gives the import __wbg_log_fedcba9876543210 0 times/);
  assert.throws(() => shorten(module(), GLUE.replace('"./app_bg.js": import0', 'x: import0')), /does not name the import module/);
  assert.throws(() => shorten(module(), `${GLUE}const also = exports['wasm_bindgen_d73a___convert__closures_____invoke_______true_'];\n`), /reads the export wasm_bindgen_d73a___convert__closures_____invoke_______true_ other than as wasm\./);
  assert.throws(() => shorten(module(), `${GLUE}const also = instance.exports.wasm_bindgen_d73a___convert__closures_____invoke_______true_;\n`), /other than as wasm\./);
});

test('what is not a module, or a section that runs past the end, is refused', () => {
  assert.throws(() => shorten(Uint8Array.from(bytes('not wasm')), GLUE), /not a WebAssembly module/);
  const cut = module().subarray(0, 40);
  assert.throws(() => shorten(cut, GLUE), /runs past/);
});

// The part of wasm-split-cli 0.2.4's loader that gathers what the parts import.
const LOADER = `import { initSync } from "./app.js";
let sharedImports = undefined;
function getSharedImports() {
    if (sharedImports === undefined) {
        sharedImports = { __wasm_split: {  } };
        const { __indirect_function_table, __wasm_split_shared0, memory,  } = initSync(undefined, undefined);
        Object.assign(sharedImports.__wasm_split, { __indirect_function_table, __wasm_split_shared0, memory,  });
    }
    return sharedImports;
}
function done(callbackIndex, callbackData, success) {
    getSharedImports().__wasm_split;
    const sharedImports = getSharedImports();
    sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
}
export const __wasm_split_load_inspect = () => import("./pages/inspect.js");
`;

test('the parts\' shared imports are renamed in the loader and in each part alike', async () => {
  const loader = LOADER.replace('    getSharedImports().__wasm_split;\n', '');
  const shortened = shortenLoader(loader);
  assert.match(shortened.loader, /sharedImports = \{ s: \{\} \};/);
  assert.match(shortened.loader, /Object\.assign\(sharedImports\.s, \{ a: __indirect_function_table, b: __wasm_split_shared0, c: memory \}\);/);
  assert.match(shortened.loader, /sharedImports\.s\.a\.get\(callbackIndex\)/);
  assert.match(shortened.loader, /export const __wasm_split_load_inspect/, 'the loader\'s own exports keep their names');
  // A part that imports the first module's memory, as every part does.
  const part = Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(2, [1, ...name('__wasm_split'), ...name('memory'), 0x02, 0x00, 1]),
  ]);
  const renamed = rename(part, { importName: shortened.importName });
  assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(renamed)), [{ module: 's', name: 'c', kind: 'memory' }]);
  await WebAssembly.instantiate(new WebAssembly.Module(renamed), { s: { c: new WebAssembly.Memory({ initial: 1 }) } });
  assert.throws(() => shortened.importName('__wasm_split', '__wasm_split_shared7'), /does not give/);
});

test('a loader of another shape is refused, not half renamed', () => {
  assert.throws(() => shortenLoader(LOADER.replace('initSync(undefined, undefined)', 'start()')), /does not take the shared imports/);
  assert.throws(() => shortenLoader(LOADER), /still names __wasm_split/);
});
