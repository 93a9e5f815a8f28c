// Read schema.prisma's DMMF (Prisma's parsed data model) fully offline.
//
// The usual route, getDMMF from @prisma/internals, is not installed, and the generated client only
// keeps a stripped data model (no nullability, defaults or native types). The `prisma` CLI package,
// however, ships Prisma's schema parser as WebAssembly (build/prisma_schema_build_bg.wasm): the same
// code `prisma generate` uses. Its JS glue is bundled inside the CLI, so we instantiate the module
// ourselves; it needs only four tiny imports. The wasm ABI is tied to the prisma version, which is
// pinned in apps/runtime/package.json; if an upgrade changes it, loadDmmf fails loudly (below).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The subset of Prisma's DMMF (`datamodel`) that the drift check reads. */
export interface DmmfDatamodel {
  enums: DmmfEnum[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

export interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
}

export type DmmfDefault = string | number | boolean | unknown[] | { name: string; args: unknown[] };

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  hasDefaultValue: boolean;
  default?: DmmfDefault;
  type: string;
  /** e.g. ["Uuid", []] or ["Timestamptz", ["3"]] */
  nativeType?: [string, string[]] | null;
  isUpdatedAt: boolean;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string }[];
}

// Minimal typing of the WebAssembly global (the project's `lib` has no DOM types).
interface WasmExports {
  memory: { buffer: ArrayBuffer };
  __wbindgen_externrefs: { get(i: number): unknown; set(i: number, v: unknown): void; grow(n: number): number };
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  __externref_table_dealloc(i: number): void;
  __wbindgen_start(): void;
  /** Returns [ptr, len, errorRef, isError]. */
  get_dmmf(ptr: number, len: number): [number, number, number, number];
}
interface WasmModule {
  readonly _brand: 'WasmModule';
}
interface WasmApi {
  Module: { new (bytes: Uint8Array): WasmModule; imports(m: WasmModule): { module: string; name: string }[] };
  Instance: new (
    m: WasmModule,
    imports: Record<string, Record<string, (...args: number[]) => unknown>>,
  ) => {
    exports: WasmExports;
  };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let instance: WasmExports | undefined;
/** Set by the wasm's panic hook just before it traps, so a crash can say why. */
let lastPanic = '';

function wasmPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'prisma_schema_build_bg.wasm');
}

function load(): WasmExports {
  if (instance) return instance;
  const module = new WebAssemblyApi.Module(fs.readFileSync(wasmPath()));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // The import functions run inside the instance, so they reach its exports through this holder.
  const self: { exports?: WasmExports } = {};
  const text = (ptr: number, len: number): string => decoder.decode(new Uint8Array(self.exports!.memory.buffer, ptr >>> 0, len >>> 0));

  // wasm-bindgen suffixes import names with a hash that changes between builds: match on the prefix.
  const glue: [string, (...args: number[]) => unknown][] = [
    ['__wbg_set_message_', (p, l) => void (lastPanic = text(p!, l!))],
    ['__wbg_Error_', (p, l) => new Error(text(p!, l!))],
    [
      '__wbg___wbindgen_throw_',
      (p, l) => {
        throw new Error(text(p!, l!));
      },
    ],
    [
      '__wbindgen_init_externref_table',
      () => {
        const table = self.exports!.__wbindgen_externrefs;
        const offset = table.grow(4);
        table.set(0, undefined);
        table.set(offset, undefined);
        table.set(offset + 1, null);
        table.set(offset + 2, true);
        table.set(offset + 3, false);
      },
    ],
  ];
  const imports: Record<string, Record<string, (...args: number[]) => unknown>> = {};
  for (const imp of WebAssemblyApi.Module.imports(module)) {
    const fn = glue.find(([prefix]) => imp.name.startsWith(prefix))?.[1];
    if (!fn) {
      throw new Error(
        `prisma_schema_build wasm wants an unknown import ${imp.name}: the installed prisma version changed its ABI; update apps/runtime/src/db/dmmf.ts`,
      );
    }
    (imports[imp.module] ??= {})[imp.name] = fn;
  }
  const exports = new WebAssemblyApi.Instance(module, imports).exports;
  self.exports = exports;
  exports.__wbindgen_start();
  instance = exports;
  return exports;
}

/** Parse and validate a Prisma schema; throws with Prisma's own validation message on errors. */
export function loadDmmf(schemaText: string): DmmfDatamodel {
  const wasm = load();
  const input = new TextEncoder().encode(JSON.stringify({ prismaSchema: schemaText, noColor: true }));
  const ptr = wasm.__wbindgen_malloc(input.length, 1) >>> 0;
  new Uint8Array(wasm.memory.buffer, ptr, input.length).set(input);
  let result: [number, number, number, number];
  try {
    result = wasm.get_dmmf(ptr, input.length);
  } catch (error) {
    // A Rust panic traps the instance, which is unusable afterwards: drop it.
    instance = undefined;
    throw new Error(`Prisma's schema parser crashed: ${lastPanic || String(error)}`);
  }
  const [outPtr, outLen, errRef, isErr] = result;
  if (isErr) {
    const error = wasm.__wbindgen_externrefs.get(errRef);
    wasm.__externref_table_dealloc(errRef);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Prisma schema is invalid: ${prismaErrorMessage(message)}`);
  }
  const json = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, outPtr >>> 0, outLen >>> 0));
  wasm.__wbindgen_free(outPtr, outLen, 1);
  return (JSON.parse(json) as { datamodel: DmmfDatamodel }).datamodel;
}

function prismaErrorMessage(raw: string): string {
  try {
    const parsed = JSON.parse(raw) as { message?: string };
    return parsed.message ?? raw;
  } catch {
    return raw;
  }
}
