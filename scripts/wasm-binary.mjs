// Reading and writing the parts of a WebAssembly binary that the release build's own steps touch
// (scripts/wasm-names.mjs, scripts/wasm-order.mjs), as the WebAssembly core specification (2.0,
// §5) lays them out: LEB128 numbers, names, import descriptions, and the sections in order.

export function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  let p = at;
  do {
    if (p >= bytes.length || shift > 28) throw new Error(`a LEB128 number at byte ${at} runs past its end`);
    byte = bytes[p++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, p];
}

export function u32(n) {
  const out = [];
  let v = n;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

export function readName(bytes, at) {
  const [length, start] = readU32(bytes, at);
  return [fromUtf8.decode(bytes.subarray(start, start + length)), start + length];
}

export function nameBytes(name) {
  const bytes = utf8.encode(name);
  return [...u32(bytes.length), ...bytes];
}

/** Skips a limits field (tables and memories): a flag, the minimum, the maximum when flagged. */
function skipLimits(bytes, at) {
  const [flags, p] = readU32(bytes, at);
  let q = readU32(bytes, p)[1];
  if (flags & 1) q = readU32(bytes, q)[1];
  return q;
}

/** Where an import's description (after its two names) ends. */
export function skipImportDescription(bytes, at) {
  const kind = bytes[at];
  const p = at + 1;
  switch (kind) {
    case 0x00: return readU32(bytes, p)[1]; // a function: its type index
    case 0x01: return skipLimits(bytes, p + 1); // a table: its reference type, its limits
    case 0x02: return skipLimits(bytes, p); // a memory: its limits
    case 0x03: return p + 2; // a global: its value type, mutability
    case 0x04: return readU32(bytes, p + 1)[1]; // a tag: an attribute byte, its type index
    default: throw new Error(`an import of unknown kind 0x${kind.toString(16)} at byte ${at}`);
  }
}

/** The module's sections in order: `{ id, start, body, end }` (the section's first byte, its content's, and the byte after it). */
export function sections(wasm) {
  if (wasm.length < 8 || wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) throw new Error('not a WebAssembly module');
  const out = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = readU32(wasm, at + 1);
    const end = body + size;
    if (end > wasm.length) throw new Error(`section ${id} at byte ${at} runs past the module's end`);
    out.push({ id, start: at, body, end });
    at = end;
  }
  return out;
}

/** A custom section's name (section id 0). */
export function customName(wasm, section) {
  return readName(wasm, section.body)[0];
}
