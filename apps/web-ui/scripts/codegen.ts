// Writes src/lib/graphql/operation-types.gen.ts from apps/hub-api/schema.gql and the documents exported by
// src/**/api/*.ts and src/lib/auth/*.ts. Run after changing a document or when the hub's schema changes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateOperationTypes, type NamedDocument } from '../src/lib/graphql/generate-operation-types';
import { isTypedDocument } from '../src/lib/graphql/typed-document';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs = [
  path.join(root, 'src/lib/auth'),
  ...(await readdir(path.join(root, 'src/features'))).map((f) => path.join(root, 'src/features', f, 'api')),
];

const documents: NamedDocument[] = [];
for (const dir of dirs) {
  const files = await readdir(dir).catch(() => []);
  for (const file of files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod))
      if (isTypedDocument(value)) documents.push({ name: `${file}:${name}`, source: value.source });
  }
}
const schema = await readFile(path.resolve(root, '../hub-api/schema.gql'), 'utf8');
const out = path.join(root, 'src/lib/graphql/operation-types.gen.ts');
await writeFile(out, await generateOperationTypes(schema, documents));
process.stdout.write(`wrote ${path.relative(process.cwd(), out)} (${documents.length} documents)\n`);
