import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { EVERY_KUSTOMIZATION_FIELD } from '@flotilla/protocol/flux/testing';
import { fuzzParams, hostileJson, hostileString, mutationOf, prototypeKey } from '@flotilla/reconcile-core/testing/fuzz';
import { TestHub, type GqlResult, type Session } from '../../test/hub-harness.js';

// The pure validators are fuzzed beside their code; this checks the edge itself with a handful of fuzzed
// payloads through real GraphQL and the registration endpoint: a bad input is a 4xx or a typed GraphQL error
// (BAD_USER_INPUT, or the GraphQL layer's own validation for wrongly typed variables), never a 500.

const ACCEPTED_CODES = ['BAD_USER_INPUT', 'BAD_REQUEST', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT'];
const createKustomization = `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`;
const createGitRepository = `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`;
const createToken = `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }`;

function expectNoServerError(r: GqlResult): void {
  expect(r.status, JSON.stringify(r.errors)).toBeLessThan(500);
  for (const e of r.errors ?? []) expect(ACCEPTED_CODES, `${e.extensions?.code}: ${e.message}`).toContain(e.extensions?.code);
}

describe('the hub edge under fuzzed inputs (real GraphQL, real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let operator: Session;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    operator = await t.login('operator');
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('createKustomization with a mutated spec answers a typed error or creates it', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutationOf(EVERY_KUSTOMIZATION_FIELD, { deep: false }), async ({ value }) => {
        const r = await t.gql(operator, createKustomization, { input: { name: `fuzz-${n++}`, spec: value, placement: {} } });
        expectNoServerError(r);
      }),
      fuzzParams(12),
    );
  });

  it('a spec nested 50,000 levels deep (sent as text: the client could not stringify it) is refused, not a 500', async () => {
    const depth = 50_000;
    for (const deep of [`${'['.repeat(depth)}${']'.repeat(depth)}`, `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`]) {
      const body = `{"query": ${JSON.stringify(createKustomization)}, "variables": {"input": {"name": "deep", "placement": {}, "spec": ${deep}}}}`;
      const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: operator.cookie, 'x-csrf-token': operator.csrf }, body });
      expect(res.status).toBeLessThan(500);
      const json = (await res.json()) as GqlResult;
      expectNoServerError({ ...json, status: res.status });
    }
  });

  it('createGitRepository and createRegistrationToken with hostile strings answer typed errors', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, fc.oneof(prototypeKey, hostileString), hostileJson(2), async (text, key, json) => {
        expectNoServerError(await t.gql(operator, createGitRepository, { input: { name: text, url: text, interval: text, ref: { branch: text } } }));
        expectNoServerError(await t.gql(operator, createGitRepository, { input: json }));
        expectNoServerError(await t.gql(operator, createToken, { input: { clusterName: text, labels: [{ key, value: text }] } }));
      }),
      fuzzParams(8),
    );
  });

  it('the registration endpoint answers hostile bodies with 400/401, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileJson(3), hostileString), async (token) => {
        const r = await t.register(token);
        expect([400, 401]).toContain(r.status);
        expect(r.body.error?.code).toMatch(/^(BAD_REQUEST|REGISTRATION_TOKEN_\w+)$/);
      }),
      fuzzParams(12),
    );
  });
});
