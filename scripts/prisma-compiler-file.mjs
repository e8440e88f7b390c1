// The hub bundle loads Prisma's query compiler from a .wasm file beside it instead of the base64 module that
// Prisma's generated client imports.
//
// The generated client (prisma/generated/prisma/internal/class.ts) imports
// `@prisma/client/runtime/query_compiler_<build>_bg.<provider>.wasm-base64.mjs`, a module whose only export is
// the WebAssembly as a base64 string (2.3 MB for the small build), and compiles it once. A process never
// unloads an ES module, so that module's text and its string stayed in the hub's heap for its whole life after
// the one compile. The build decodes that same module into `<name>.wasm` in the bundle's folder and rewrites
// the client's loader to read the file: the bytes are garbage once compiled. Sources run with tsx keep
// Prisma's loader as generated.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const generatedClient = /(^|\/)prisma\/generated\/prisma\/internal\/class\.ts$/;
// The loader as Prisma 7's `prisma-client` generator writes it for Node.
const base64Loader =
  /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/(query_compiler_\w+_bg\.\w+)\.wasm-base64\.mjs)"\)\s*return await decodeBase64AsWasm\(wasm\)/;

/**
 * One build's rewrite: `rewrite` changes the generated client's source as esbuild loads it (the others are
 * returned unchanged), `write` then puts the .wasm files the rewritten loaders read into the output folder.
 * `locate(name)` is the expression of a file's URL in the output folder as seen from the bundled code.
 */
export function prismaCompilerFromFile({ locate }) {
  /** .wasm file name → the base64 module it is decoded from. */
  const files = new Map();
  return {
    rewrite(source, file) {
      if (!generatedClient.test(file.split(path.sep).join('/'))) return source;
      const m = base64Loader.exec(source);
      if (!m)
        throw new Error(
          `${file}: Prisma's query compiler loader is not the one scripts/prisma-compiler-file.mjs rewrites (did the Prisma generator change?)`,
        );
      const [, specifier, name] = m;
      const wasmName = `${name}.wasm`;
      files.set(wasmName, specifier);
      const loader =
        `const file = ${locate(wasmName)};` +
        " const { readFile } = await import('node:fs/promises');" +
        ' let bytes: Buffer;' +
        ' try { bytes = await readFile(new URL(file)); }' +
        ' catch (err) { throw new Error(`Prisma\'s query compiler is missing beside the hub bundle (${(err as Error).message}): rebuild it with node scripts/build-bundles.mjs hub`); }' +
        ' return new WebAssembly.Module(bytes)';
      return source.replace(base64Loader, loader);
    },
    /** Decodes each base64 module as the bundle's own package resolves it (the version it ran before). */
    async write(outdir, resolve) {
      for (const [wasmName, specifier] of files) {
        const { wasm } = await import(pathToFileURL(resolve(specifier)).href);
        const bytes = Buffer.from(wasm, 'base64');
        if (!WebAssembly.validate(bytes)) throw new Error(`${specifier} does not decode to valid WebAssembly`);
        fs.writeFileSync(path.join(outdir, wasmName), bytes);
      }
      return [...files.keys()];
    },
  };
}
