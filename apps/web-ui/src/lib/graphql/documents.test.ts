import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { generateOperationTypes } from './generate-operation-types';
import { isTypedDocument } from './typed-document';

// The check that keeps hand-typed documents honest: every document exported from an api/ file must
// validate against the hub's committed schema.gql, so a renamed or removed field fails `pnpm test`.
const here = path.dirname(fileURLToPath(import.meta.url));
const schemaPath = path.resolve(here, '../../../../hub-api/schema.gql');
const schema = buildSchema(fs.readFileSync(schemaPath, 'utf8'));

const modules = import.meta.glob<Record<string, unknown>>(
  ['../../features/*/api/*.ts', '../auth/*.ts', '!**/*.test.ts'],
  { eager: true },
);
const documents = Object.entries(modules).flatMap(([file, mod]) =>
  Object.entries(mod)
    .filter(([, value]) => isTypedDocument(value))
    .map(([name, value]) => ({
      name: `${path.basename(file)}:${name}`,
      source: (value as { source: string }).source,
    })),
);

describe(`GraphQL documents against ${path.basename(schemaPath)}`, () => {
  it('finds the documents', () => {
    expect(documents.length).toBeGreaterThanOrEqual(7);
  });
  it.each(documents)('$name is valid', ({ source }) => {
    const errors = validate(schema, parse(source)).map((e) => e.message);
    expect(errors).toEqual([]);
  });
});

describe('operation-types.gen.ts', () => {
  it('is current: regenerate with `pnpm --filter @flotilla/web-ui codegen` after changing a document or schema.gql', async () => {
    const committed = fs.readFileSync(path.join(here, 'operation-types.gen.ts'), 'utf8');
    const fresh = await generateOperationTypes(fs.readFileSync(schemaPath, 'utf8'), documents);
    expect(fresh).toBe(committed);
  });
});
