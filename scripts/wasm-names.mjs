// Shorter names between the first WebAssembly module and its wasm-bindgen glue (issue 26).
//
// wasm-bindgen names every import the glue gives the module `__wbg_<method>_<16 hex digits>` under
// the module "./app_bg.js", and the closures' exports after their mangled Rust paths
// (`wasm_bindgen_<hash>___convert__closures_____invoke___…`, up to 300 characters). Each name is
// written twice, in the module's import or export section and in the glue, and the hashes do not
// compress: measured on the release build of 2026-12-05, 146 imports and 12 exports, 3.5 KB of
// gzip in the module and 2.1 KB in the glue, on every page's first visit. This renames them to
// one or two letters in both.
//
// Only what the glue alone uses is renamed: the imports of `importModule`, and the exports the glue
// reads as `wasm.NAME`; an export named in `keep` (the split loader reads the memory, the function
// table and the shared global by name) keeps its name. `shorten` fails, rather than write a module
// and glue that disagree, when a name is not where the glue should have it.
//
// The module's sections are read as the WebAssembly core specification (2.0, §5.5) lays them out;
// the engine checks the result: `new WebAssembly.Module` must accept it, and its imports and
// exports must be the old ones renamed (e2e/tests/wasm-names.test.mjs, and finalize-dist.mjs on
// every build).

import { nameBytes, readName, readU32, sections, skipImportDescription, u32 } from './wasm-binary.mjs';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The n-th short name: a … Z, aa, ab, … (bijective base 52). */
export function shortName(n) {
  let name = '';
  let i = n;
  do {
    name = LETTERS[i % 52] + name;
    i = Math.floor(i / 52) - 1;
  } while (i >= 0);
  return name;
}

function pushAll(target, bytes) {
  for (const b of bytes) target.push(b);
}

/**
 * The module with its imports and exports renamed: `importName(module, field)` gives an import's
 * new [module, field], `exportName(field)` an export's new name. Every other byte is kept.
 */
export function rename(wasm, { importName = (module, field) => [module, field], exportName = (field) => field } = {}) {
  const out = Array.from(wasm.subarray(0, 8));
  for (const { id, start: at, body, end } of sections(wasm)) {
    if (id === 2 || id === 7) {
      let [count, p] = readU32(wasm, body);
      const section = u32(count);
      for (let i = 0; i < count; i++) {
        if (id === 2) {
          let module;
          let field;
          [module, p] = readName(wasm, p);
          [field, p] = readName(wasm, p);
          const start = p;
          p = skipImportDescription(wasm, p);
          const [newModule, newField] = importName(module, field);
          pushAll(section, nameBytes(newModule));
          pushAll(section, nameBytes(newField));
          pushAll(section, wasm.subarray(start, p));
        } else {
          let field;
          [field, p] = readName(wasm, p);
          const start = p;
          p = readU32(wasm, p + 1)[1];
          pushAll(section, nameBytes(exportName(field)));
          pushAll(section, wasm.subarray(start, p));
        }
      }
      if (p !== end) throw new Error(`section ${id} ends at byte ${p}, not at ${end} as its size says`);
      out.push(id);
      pushAll(out, u32(section.length));
      pushAll(out, section);
    } else {
      pushAll(out, wasm.subarray(at, end));
    }
  }
  return Uint8Array.from(out);
}

/**
 * Renames the imports of `importModule` (and the module itself, to `a`) and the exports the glue
 * reads as `wasm.NAME`, except those in `keep`. Returns the new module's bytes and glue, and the
 * number of names renamed.
 */
export function shorten(wasm, glue, { importModule = './app_bg.js', keep = [] } = {}) {
  const imports = new Map();
  const exports = new Map();
  const renamed = rename(wasm, {
    importName(module, field) {
      if (module !== importModule) return [module, field];
      if (!imports.has(field)) imports.set(field, shortName(imports.size));
      return ['a', imports.get(field)];
    },
    exportName(field) {
      const read = new RegExp(`\\bwasm\\.${field.replace(/[$]/g, '\\$&')}\\b`);
      if (!keep.includes(field) && field.length > 2 && read.test(glue)) exports.set(field, `x${shortName(exports.size)}`);
      return exports.get(field) ?? field;
    },
  });

  let text = glue;
  for (const [field, short] of imports) {
    const key = new RegExp(`(^|[\\s{,])${field}:`, 'g');
    const found = text.match(key)?.length ?? 0;
    if (found !== 1) throw new Error(`the glue gives the import ${field} ${found} times, not once`);
    text = text.replace(key, `$1${short}:`);
  }
  const moduleKey = `${JSON.stringify(importModule)}:`;
  if (imports.size > 0) {
    if (text.split(moduleKey).length !== 2) throw new Error(`the glue does not name the import module ${importModule} once`);
    text = text.replace(moduleKey, '"a":');
  }
  for (const [field, short] of exports) {
    text = text.replace(new RegExp(`\\bwasm\\.${field}\\b`, 'g'), `wasm.${short}`);
    // The glue's own wrappers may share an export's name; any other read of it would now miss.
    if (new RegExp(`\\.${field}\\b|\\[\\s*["'\`]${field}["'\`]\\s*\\]`).test(text)) throw new Error(`the glue reads the export ${field} other than as wasm.${field}`);
  }
  return { wasm: renamed, glue: text, renamed: imports.size + exports.size };
}

/**
 * The same for the parts of the split module (wasm-split-cli 0.2.4): each imports the first
 * module's memory, function table and shared globals as `__wasm_split` `memory`, … which its
 * loader gathers into one object. That object's module becomes `s` and its fields one letter each,
 * in the loader and in every part (about 60 bytes of gzip per part, which a visit to the inspector
 * loads 14 of). Returns the loader's new text and the `importName` that renames a part's imports.
 */
export function shortenLoader(loader) {
  const taken = loader.match(/const \{([^}]*)\} = initSync\(/);
  if (!taken) throw new Error('the loader does not take the shared imports from initSync as expected');
  const fields = taken[1].split(',').map((f) => f.trim()).filter(Boolean);
  const short = new Map(fields.map((field, i) => [field, shortName(i)]));
  let text = loader;
  const once = (pattern, replacement) => {
    const found = text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
    if (found !== 1) throw new Error(`the loader has ${found} matches of ${pattern}, expected one`);
    text = text.replace(pattern, replacement);
  };
  once(/sharedImports = \{ __wasm_split: \{\s*\} \};/, 'sharedImports = { s: {} };');
  once(/Object\.assign\(sharedImports\.__wasm_split, \{[^}]*\}\);/, `Object.assign(sharedImports.s, { ${fields.map((f) => `${short.get(f)}: ${f}`).join(', ')} });`);
  text = text.replace(/sharedImports\.__wasm_split\.([A-Za-z_$][\w$]*)/g, (all, field) => {
    if (!short.has(field)) throw new Error(`the loader reads ${field} of the shared imports, which it does not take from initSync`);
    return `sharedImports.s.${short.get(field)}`;
  });
  if (/__wasm_split\b(?!_)/.test(text.replace(/["']\.\/__wasm_split\.js["']/g, ''))) throw new Error('the loader still names __wasm_split after its shared imports were renamed');
  return {
    loader: text,
    importName(module, field) {
      if (module !== '__wasm_split') return [module, field];
      if (!short.has(field)) throw new Error(`a part imports ${field} from __wasm_split, which the loader does not give`);
      return ['s', short.get(field)];
    },
  };
}
