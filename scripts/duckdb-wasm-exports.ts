// DuckDB-wasm is built as an Emscripten MAIN_MODULE so that extensions (side modules) can link
// against it: its export section names 66,876 C++ functions and data symbols (mangled, `_Z...`)
// that only an extension's imports ever look up. In duckdb-eh.wasm 1.29.0 those names are 7 MB of
// the 35.7 MB file, and the published site never loads an extension: it runs offline, Framework is
// configured with none (observablehq.config.ts), and the pages use no function an extension adds.
// This drops those exports when the wasm is vendored; the code, data, table and every other
// section stay byte for byte, so DuckDB itself runs exactly the same instructions.
//
// Kept: every export that is not a mangled C++ name (the duckdb_web_* API, malloc, the C
// library, Emscripten's runtime), and every export, mangled or not, that the module imports by
// the same name (Emscripten resolves such `env` and `GOT.*` imports from the module's own exports
// after instantiation, and fails on a missing one). What is lost: an extension loaded at run time
// (INSTALL/LOAD, or DuckDB's autoloading on a site served online) fails to link, where before it
// loaded from the extension repository.

const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const exportSection = 7;
const importSection = 2;

class Reader {
  constructor(readonly bytes: Uint8Array, public at = 0) {}
  byte(): number {
    if (this.at >= this.bytes.length) throw new Error("truncated WebAssembly module");
    return this.bytes[this.at++];
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  }
  name(): string {
    const length = this.u32();
    const text = new TextDecoder("utf-8", { fatal: true }).decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }
  limits(): void {
    const flags = this.u32();
    this.u32();
    if (flags & 1) this.u32();
  }
}

function u32Bytes(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return out;
}

/** The names a module imports (function, table, memory, global and tag imports alike). */
function importedNames(reader: Reader): Set<string> {
  const names = new Set<string>();
  const count = reader.u32();
  for (let i = 0; i < count; i++) {
    reader.name(); // module: env, GOT.func, GOT.mem, wasi_snapshot_preview1
    names.add(reader.name());
    const kind = reader.byte();
    if (kind === 0) reader.u32(); // function: type index
    else if (kind === 1) { reader.byte(); reader.limits(); } // table: element type, limits
    else if (kind === 2) reader.limits(); // memory
    else if (kind === 3) { reader.byte(); reader.byte(); } // global: value type, mutability
    else if (kind === 4) { reader.byte(); reader.u32(); } // tag: attribute, type index
    else throw new Error(`unknown import kind ${kind}`);
  }
  return names;
}

/** An Itanium-mangled C++ symbol: what only an extension links against. */
const isMangledCpp = (name: string) => name.startsWith("_Z");

export interface PrunedWasm {
  bytes: Uint8Array<ArrayBuffer>;
  exportsBefore: number;
  exportsAfter: number;
}

/**
 * The module without its mangled C++ exports that it does not import itself (see above). Throws
 * on anything but a well-formed WebAssembly 1.0 binary with one export section after its imports.
 */
export function pruneExtensionExports(wasm: Uint8Array): PrunedWasm {
  if (magic.some((b, i) => wasm[i] !== b)) throw new Error("not a WebAssembly 1.0 module");
  const reader = new Reader(wasm, magic.length);
  let imported = new Set<string>();
  let sawExports = false;
  const parts: Uint8Array[] = [wasm.subarray(0, magic.length)];
  let exportsBefore = 0;
  let exportsAfter = 0;
  while (reader.at < wasm.length) {
    const sectionStart = reader.at;
    const id = reader.byte();
    const size = reader.u32();
    const bodyStart = reader.at;
    const end = bodyStart + size;
    if (id === importSection) imported = importedNames(new Reader(wasm.subarray(bodyStart, end)));
    if (id !== exportSection) {
      parts.push(wasm.subarray(sectionStart, end));
    } else {
      if (sawExports) throw new Error("two export sections");
      sawExports = true;
      const body = new Reader(wasm.subarray(bodyStart, end));
      const kept: Uint8Array[] = [];
      exportsBefore = body.u32();
      for (let i = 0; i < exportsBefore; i++) {
        const entryStart = body.at;
        const name = body.name();
        body.byte(); // kind
        body.u32(); // index
        if (!isMangledCpp(name) || imported.has(name)) kept.push(body.bytes.subarray(entryStart, body.at));
      }
      if (body.at !== size) throw new Error("export section longer than its entries");
      exportsAfter = kept.length;
      const count = u32Bytes(kept.length);
      const bodySize = count.length + kept.reduce((sum, entry) => sum + entry.length, 0);
      parts.push(Uint8Array.from([exportSection, ...u32Bytes(bodySize), ...count]), ...kept);
    }
    reader.at = end;
  }
  if (reader.at !== wasm.length) throw new Error("truncated WebAssembly module");
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, exportsBefore, exportsAfter };
}
