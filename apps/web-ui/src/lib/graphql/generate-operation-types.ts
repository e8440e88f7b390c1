import { codegen } from '@graphql-codegen/core';
import * as operationsPlugin from '@graphql-codegen/typescript-operations';
import { parse, type DocumentNode } from 'graphql';

export interface NamedDocument {
  name: string;
  source: string;
}

const HEADER = `// Generated from apps/hub-api/schema.gql and the documents in src/**/api by
// \`pnpm --filter @flotilla/web-ui codegen\`. Do not edit; a test fails when this file is stale.
/* eslint-disable */
`;

/**
 * Result and variable types of every operation, from the hub's committed schema. Build-time only: the
 * browser bundle never imports this (operation-types.gen.ts holds types only). Codegen builds the schema
 * itself: a GraphQLSchema from our copy of graphql would be a foreign object to its copy under vitest.
 */
export async function generateOperationTypes(
  schemaSdl: string,
  documents: readonly NamedDocument[],
): Promise<string> {
  const sorted = [...documents].sort((a, b) => a.name.localeCompare(b.name));
  const output = await codegen({
    filename: 'operation-types.gen.ts',
    schema: parse(schemaSdl) as DocumentNode,
    documents: sorted.map((d) => ({ location: d.name, document: parse(d.source) })),
    plugins: [{ typescriptOperations: {} }],
    pluginMap: { typescriptOperations: operationsPlugin },
    // Plain string unions, and strings for DateTime: exactly what the JSON response holds.
    config: {
      enumsAsTypes: true,
      scalars: { DateTime: 'string' },
      skipTypename: true,
      useTypeImports: true,
    },
  });
  return HEADER + output;
}
