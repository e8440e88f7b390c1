import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { graphqlBudgetPlugin } from './graphql-budget.plugin.js';

// A real Apollo Server over a tiny schema: a list larger than any estimate assumes, and a chain whose every
// link waits on I/O, as the hub's fields that read Postgres do.
const schema = buildSchema(`type Item { id: Int!, next: Item! } type Query { items(first: Int = 10): [Item!]! } type Mutation { slowly: Item! }`);
const item = (id: number): { id: number; next: () => Promise<unknown> } => ({
  id,
  next: () => new Promise((resolve) => setTimeout(() => resolve(item(id + 1)), 10)),
});
const rootValue = {
  items: ({ first }: { first: number }) => Array.from({ length: first }, (_, id) => item(id)),
  slowly: () => new Promise((resolve) => setTimeout(() => resolve(item(0)), 150)),
};

async function run(budget: { deadlineMs: number; maxResolvedFields: number }, query: string) {
  const server = new ApolloServer({ schema, rootValue, plugins: [graphqlBudgetPlugin(budget)] });
  await server.start();
  try {
    const res = await server.executeOperation({ query });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult;
  } finally {
    await server.stop();
  }
}

describe(graphqlBudgetPlugin.name, () => {
  it('stops an operation that resolves more fields than allowed, with REQUEST_BUDGET_EXCEEDED', async () => {
    const r = await run({ deadlineMs: 60_000, maxResolvedFields: 100 }, '{ items(first: 500) { id } }');
    expect(r.data).toBeNull();
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'REQUEST_BUDGET_EXCEEDED', reason: 'TOO_MANY_FIELDS' } });
  });

  it('stops an operation that runs past its deadline', async () => {
    const started = performance.now();
    const chain = `${'next { '.repeat(40)}id${' }'.repeat(40)}`;
    const r = await run({ deadlineMs: 100, maxResolvedFields: 1_000_000 }, `{ items(first: 2) { ${chain} } }`);
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'REQUEST_BUDGET_EXCEEDED', reason: 'DEADLINE_EXCEEDED' } });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('lets a mutation that waits on its work past the deadline report its result', async () => {
    const r = await run({ deadlineMs: 50, maxResolvedFields: 1_000 }, 'mutation { slowly { id next { id } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ slowly: { id: 0, next: { id: 1 } } });
  });

  it('lets an operation within its budget through untouched', async () => {
    const r = await run({ deadlineMs: 60_000, maxResolvedFields: 100 }, '{ items(first: 5) { id } }');
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ items: [0, 1, 2, 3, 4].map((id) => ({ id })) });
  });
});
