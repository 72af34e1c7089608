// The order of a WebAssembly module's functions, chosen for gzip and brotli (issue 26).
//
// Deflate finds repeats within the 32 KB before each byte. LLVM and wasm-split-cli write a
// module's functions roughly in the order of the source, so two functions the same generic code
// made (a Yew component's lifecycle for each component, a `drop_in_place` for each type) can be
// far apart. Measured on the release build of 2026-12-06 (the first module, 303 KB of code):
// the functions ordered by their length compress 1.4% better than as written, by Binaryen's use
// count (`--reorder-functions`) 1.9% worse, and in the order below 2.8% better (153.7 -> 149.4 KB
// of gzip).
//
// The order: start with the longest function; then, again and again, take the function not yet
// placed whose 4-byte sequences are most covered by those of the last five placed (the share of
// its own sequences they have; on a tie, the one written first). This file only chooses; Binaryen
// moves the functions and renumbers every call, table entry and export: the module is given a
// `name` section whose names sort in the chosen order, and wasm-opt's `--reorder-functions-by-name`
// sorts by them (scripts/app-module.sh; the names are not written to the release module).
//
// Usage: node scripts/wasm-order.mjs IN.wasm OUT.wasm
import { readFileSync, writeFileSync } from 'node:fs';
import { customName, nameBytes, readName, readU32, sections, skipImportDescription, u32 } from './wasm-binary.mjs';

/** How many placed functions the rest are compared with. */
const WINDOW = 5;

/** The module's imported function count and each defined function's body (locals and code). */
export function functionBodies(wasm) {
  let imported = 0;
  const bodies = [];
  for (const { id, body, end } of sections(wasm)) {
    if (id === 2) {
      let [count, p] = readU32(wasm, body);
      for (let i = 0; i < count; i++) {
        p = readName(wasm, readName(wasm, p)[1])[1]; // the module's name, the field's
        if (wasm[p] === 0x00) imported++;
        p = skipImportDescription(wasm, p);
      }
      if (p !== end) throw new Error(`the import section ends at byte ${p}, not at ${end} as its size says`);
    } else if (id === 10) {
      let [count, p] = readU32(wasm, body);
      for (let i = 0; i < count; i++) {
        const [size, start] = readU32(wasm, p);
        if (start + size > end) throw new Error(`function ${i}'s body runs past the code section`);
        bodies.push(wasm.subarray(start, start + size));
        p = start + size;
      }
      if (p !== end) throw new Error(`the code section ends at byte ${p}, not at ${end} as its size says`);
    }
  }
  return { imported, bodies };
}

/** The distinct 4-byte sequences of a body, each as one number. */
function sequences(body) {
  const seen = new Set();
  for (let i = 0; i + 4 <= body.length; i++) {
    seen.add(((body[i] << 24) | (body[i + 1] << 16) | (body[i + 2] << 8) | body[i + 3]) >>> 0);
  }
  return [...seen];
}

/** The order to write the bodies in: a permutation of their indices (see the top of this file). */
export function functionOrder(bodies) {
  const n = bodies.length;
  if (n === 0) return [];
  const own = bodies.map(sequences);
  // Which functions have each sequence, and how many of the window's functions have it.
  const holders = new Map();
  own.forEach((list, f) => {
    for (const s of list) {
      const h = holders.get(s);
      if (h) h.push(f);
      else holders.set(s, [f]);
    }
  });
  const inWindow = new Map();
  const covered = new Int32Array(n); // a function's sequences that the window has
  const placed = new Uint8Array(n);
  const window = [];
  const order = [];
  let next = 0;
  for (let f = 1; f < n; f++) if (bodies[f].length > bodies[next].length) next = f;
  while (next >= 0) {
    placed[next] = 1;
    order.push(next);
    window.push(next);
    for (const s of own[next]) {
      const count = inWindow.get(s) ?? 0;
      if (count === 0) for (const f of holders.get(s)) covered[f]++;
      inWindow.set(s, count + 1);
    }
    if (window.length > WINDOW) {
      for (const s of own[window.shift()]) {
        const count = inWindow.get(s) - 1;
        if (count === 0) {
          inWindow.delete(s);
          for (const f of holders.get(s)) covered[f]--;
        } else inWindow.set(s, count);
      }
    }
    next = -1;
    let best = -1;
    for (let f = 0; f < n; f++) {
      if (placed[f]) continue;
      const share = own[f].length > 0 ? covered[f] / own[f].length : 0;
      if (share > best) {
        best = share;
        next = f;
      }
    }
  }
  return order;
}

/**
 * The module with a `name` section (replacing any) naming every function so that sorting the
 * names gives `order` (of the defined functions; imports keep their place, first).
 */
export function withOrderNames(wasm, order) {
  const { imported, bodies } = functionBodies(wasm);
  if (order.length !== bodies.length || new Set(order).size !== bodies.length || order.some((f) => !(f >= 0 && f < bodies.length))) {
    throw new Error(`the order does not place each of the module's ${bodies.length} functions once`);
  }
  const width = String(Math.max(imported, bodies.length)).length;
  const rank = new Array(bodies.length);
  order.forEach((f, r) => { rank[f] = r; });
  const entries = [...u32(imported + bodies.length)];
  const push = (bytes) => { for (const b of bytes) entries.push(b); };
  for (let i = 0; i < imported; i++) push([...u32(i), ...nameBytes(`i${String(i).padStart(width, '0')}`)]);
  bodies.forEach((_, f) => push([...u32(imported + f), ...nameBytes(`f${String(rank[f]).padStart(width, '0')}`)]));
  const content = [...nameBytes('name'), 1, ...u32(entries.length), ...entries];
  const out = [...wasm.subarray(0, 8)];
  for (const s of sections(wasm)) {
    if (s.id === 0 && customName(wasm, s) === 'name') continue;
    for (const b of wasm.subarray(s.start, s.end)) out.push(b);
  }
  out.push(0, ...u32(content.length));
  for (const b of content) out.push(b);
  return Uint8Array.from(out);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node scripts/wasm-order.mjs IN.wasm OUT.wasm');
    process.exit(2);
  }
  const wasm = readFileSync(input);
  writeFileSync(output, withOrderNames(wasm, functionOrder(functionBodies(wasm).bodies)));
}
