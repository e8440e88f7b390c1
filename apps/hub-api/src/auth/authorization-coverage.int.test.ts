import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { isObjectType } from 'graphql';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { resolvers } from '../schema/print-schema.js';
import { TestHub } from '../../test/hub-harness.js';
import { ROLE_KEY, type RoleRequirement } from './roles.guard.js';

// Nest's own metadata keys for code-first resolvers.
const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';
const RESOLVE_PROPERTY = 'graphql:resolve_property';

type ResolverClass = abstract new (...args: never[]) => unknown;

/** `Query.clusters`, `Cluster.events`, … → the authorization each resolver method declares (or null). */
function declaredAuthorization(classes: readonly ResolverClass[]): Map<string, RoleRequirement | null> {
  const out = new Map<string, RoleRequirement | null>();
  for (const cls of classes) {
    const typeName = Reflect.getMetadata(RESOLVER_NAME, cls) as string | undefined;
    const classRole = Reflect.getMetadata(ROLE_KEY, cls) as RoleRequirement | undefined;
    for (const method of Object.getOwnPropertyNames(cls.prototype)) {
      if (method === 'constructor') continue;
      const fn = (cls.prototype as Record<string, unknown>)[method];
      if (typeof fn !== 'function') continue;
      const kind = Reflect.getMetadata(RESOLVER_TYPE, fn) as string | undefined;
      const name = (Reflect.getMetadata(RESOLVER_NAME, fn) as string | undefined) ?? method;
      const role = (Reflect.getMetadata(ROLE_KEY, fn) as RoleRequirement | undefined) ?? classRole ?? null;
      if (kind === 'Query' || kind === 'Mutation') out.set(`${kind}.${name}`, role);
      else if (Reflect.getMetadata(RESOLVE_PROPERTY, fn) === true || kind) out.set(`${typeName}.${name}`, role);
    }
  }
  return out;
}

describe('every GraphQL resolver declares its authorization', () => {
  let pg: TestPostgres;
  let t: TestHub;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { seedUsers: false });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('the schema printer knows every resolver class the running hub serves', () => {
    const served = [...t.hub.app.get(ModulesContainer).values()]
      .flatMap((m) => [...m.providers.values()].map((p) => p.metatype))
      .filter((m): m is ResolverClass => typeof m === 'function' && Reflect.getMetadata(RESOLVER_TYPE, m) !== undefined);
    expect(served.length).toBeGreaterThan(0);
    for (const cls of served) expect(resolvers, `${cls.name} is served but missing from print-schema's resolver list`).toContain(cls);
  });

  it('each query, mutation and resolved field of the served schema has a role and a scope decision', () => {
    const declared = declaredAuthorization(resolvers);
    const schema = t.hub.app.get(GraphQLSchemaHost).schema;
    const missing: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.keys(root?.getFields() ?? {})) {
        const key = `${root!.name}.${field}`;
        if (!declared.get(key)) missing.push(key);
      }
    }
    // Fields served by a resolver method (joins such as Cluster.events) are checked by their method's declaration.
    for (const [key, role] of declared) {
      const [typeName, field] = key.split('.') as [string, string];
      const type = schema.getType(typeName);
      if (typeName !== 'Query' && typeName !== 'Mutation') expect(isObjectType(type) && field in type.getFields(), `${key} is in the schema`).toBe(true);
      if (!role) missing.push(key);
    }
    expect(missing).toEqual([]);
    // The list is not vacuous: the reads of the fleet are scoped and user management is fleet-wide.
    expect(declared.get('Query.clusters')).toEqual({ role: 'VIEWER', scope: 'scoped' });
    expect(declared.get('Cluster.events')).toEqual({ role: 'VIEWER', scope: 'scoped' });
    expect(declared.get('Mutation.addTeamGrant')).toEqual({ role: 'ADMIN', scope: 'fleet' });
  });
});
