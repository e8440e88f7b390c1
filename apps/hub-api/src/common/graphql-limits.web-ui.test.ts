import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_ROLLOUT_PAGE } from '../fleet/rollout.service.js';
import { checkOperationCost, GRAPHQL_LIMITS, graphqlLimitRules } from './graphql-limits.js';

// Every operation the web UI sends must pass the hub's limits, or a limit tuned against attacks would break a
// page. The documents are the ones the UI exports from its api/ files (the same set its own test validates).
const schema = buildSchema(fs.readFileSync(path.resolve(import.meta.dirname, '../../schema.gql'), 'utf8'));
const webUi = path.resolve(import.meta.dirname, '../../../web-ui/src');
const apiDirs = [path.join(webUi, 'lib/auth'), ...fs.readdirSync(path.join(webUi, 'features')).map((f) => path.join(webUi, 'features', f, 'api'))];
const documents: { name: string; source: string }[] = [];
for (const dir of apiDirs.filter((d) => fs.existsSync(d))) {
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'TypedDocument') {
        documents.push({ name: `${file}:${name}`, source: (value as { source: string }).source });
      }
    }
  }
}

// The server's largest page for any `first` the UI passes as a variable, so the check holds for every page size;
// an operation whose field refuses larger pages is checked at that field's own largest page.
const largestFirst = 500;
const largestFirstOf: Record<string, number> = { FleetRolloutClusters: MAX_ROLLOUT_PAGE };

/** A value of `type` that coerces: required input fields filled in, optional ones left out. */
function sample(type: GraphQLInputType, s: GraphQLSchema): unknown {
  if (isNonNullType(type)) return sample(type.ofType, s);
  if (isListType(type)) return [];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, sample(f.type, s)]),
    );
  }
  return ({ Int: 1, Float: 1, Boolean: false, JSON: {} } as Record<string, unknown>)[named.name] ?? 'x';
}

function variablesFor(op: OperationDefinitionNode): Record<string, unknown> {
  const first = largestFirstOf[op.name?.value ?? ''] ?? largestFirst;
  const vars: Record<string, unknown> = {};
  for (const def of op.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    if (name === 'first') vars[name] = first;
    else if (type && def.type.kind === Kind.NON_NULL_TYPE) vars[name] = sample(type, schema);
  }
  return vars;
}

describe('web UI documents against the hub GraphQL limits', () => {
  it('finds the documents', () => {
    expect(documents.length).toBeGreaterThanOrEqual(20);
  });

  it.each(documents)('$name parses, validates and costs less than the limit', ({ source }) => {
    const doc = parse(source, { maxTokens: GRAPHQL_LIMITS.maxTokens });
    expect(validate(schema, doc, [...specifiedRules, ...graphqlLimitRules()]).map((e) => e.message)).toEqual([]);
    for (const op of doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
      const checked = checkOperationCost(schema, doc, op.name?.value, variablesFor(op));
      expect(checked).toEqual({ cost: expect.any(Number) as number });
    }
  });
});
