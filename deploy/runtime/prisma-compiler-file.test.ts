import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeTempDir, removeDir, repoRoot } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface PrismaCompilerFile {
  rewrite(source: string, file: string): string;
  write(outdir: string, resolve: (specifier: string) => string): Promise<string[]>;
}
type Factory = (o: { locate: (name: string) => string }) => PrismaCompilerFile;
// Node's WebAssembly global, which this project's TypeScript libraries (no DOM) do not declare.
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: { Module: { new (bytes: Uint8Array): object; exports(m: object): { name: string }[] } };
};

// The hub build's rewrite of Prisma's generated client (scripts/prisma-compiler-file.mjs), on the client
// `pnpm install` generated from prisma/schema.prisma.
describe('Prisma’s query compiler read from a file', () => {
  const generated = path.join(repoRoot, 'prisma/generated/prisma/internal/class.ts');
  const resolve = (specifier: string): string => createRequire(path.join(repoRoot, 'apps/hub-api/package.json')).resolve(specifier);
  let prismaCompilerFromFile: Factory;
  let dir: string;
  beforeAll(async () => {
    ({ prismaCompilerFromFile } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/prisma-compiler-file.mjs')).href)) as { prismaCompilerFromFile: Factory });
    dir = await makeTempDir('prisma-compiler-file');
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  it('replaces the import of the base64 module with a read of the .wasm file, and writes that file as valid WebAssembly with the exports Prisma’s runtime calls', async () => {
    const source = await readFile(generated, 'utf8');
    expect(source).toContain('wasm-base64.mjs');
    const rewriter = prismaCompilerFromFile({ locate: (name) => `LOCATED(${JSON.stringify(name)})` });
    const out = rewriter.rewrite(source, generated);
    expect(out).not.toContain('wasm-base64');
    expect(out).toContain('LOCATED("query_compiler_small_bg.postgresql.wasm")');
    // The runtime half of the generated loader stays as Prisma wrote it.
    expect(out).toContain('import("@prisma/client/runtime/query_compiler_small_bg.postgresql.mjs")');
    expect(await rewriter.write(dir, resolve)).toEqual(['query_compiler_small_bg.postgresql.wasm']);
    const module = new wasm.Module(await readFile(path.join(dir, 'query_compiler_small_bg.postgresql.wasm')));
    expect(wasm.Module.exports(module).map((e) => e.name)).toEqual(expect.arrayContaining(['__wbindgen_start', 'memory']));
  });

  it('leaves every other file as it is and writes nothing when the generated client was not bundled', async () => {
    const rewriter = prismaCompilerFromFile({ locate: () => 'x' });
    const other = 'const { wasm } = await import("@prisma/client/runtime/query_compiler_small_bg.postgresql.wasm-base64.mjs")';
    expect(rewriter.rewrite(other, path.join(repoRoot, 'apps/hub-api/src/main.ts'))).toBe(other);
    expect(await rewriter.write(dir, resolve)).toEqual([]);
  });

  it('fails the build, naming the file, when the generated client loads its compiler another way (a changed Prisma generator)', async () => {
    const rewriter = prismaCompilerFromFile({ locate: () => 'x' });
    const changed = (await readFile(generated, 'utf8')).replace('decodeBase64AsWasm(wasm)', 'decodeWasm(wasm)');
    expect(() => rewriter.rewrite(changed, generated)).toThrow(`${generated}: Prisma's query compiler loader is not the one scripts/prisma-compiler-file.mjs rewrites`);
  });
});
