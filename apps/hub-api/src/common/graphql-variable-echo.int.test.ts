import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub, type Session } from '../../test/hub-harness.js';

// GraphQL's own variable checks quote the value they refuse ("got invalid value { password: … }"): a secret
// sent with a typo elsewhere in the same input would come back in the error, and from there reach the UI's
// error messages and whatever records responses. The hub answers with the path and the reason only.

const canary = 'canary-typo-secret-5a1c9e77f0';

describe('GraphQL variable errors name the field, never the value (real hub, real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let operator: Session;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    operator = await t.login('operator');
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  const createSource = (input: Record<string, unknown>) =>
    t.gql(operator, `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, { input });

  it.each([
    ['an unknown field beside the password', { name: 'fleet', url: 'https://git.example.com/fleet.git', credentials: { username: 'git', password: canary, passwrd: canary } }],
    ['an unknown field beside the bearer token', { name: 'fleet', url: 'https://git.example.com/fleet.git', credentials: { bearerToken: canary }, surprise: true }],
    ['a password of the wrong type next to a token', { name: 'fleet', url: 'https://git.example.com/fleet.git', credentials: { bearerToken: canary, password: 12345678 } }],
    ['a secret in an enum field', { name: 'fleet', url: 'https://git.example.com/fleet.git', credentials: { bearerToken: 'x' }, ref: { branch: canary, bogus: [canary] } }],
  ])('%s: BAD_USER_INPUT with the path and reason, without the value', async (_, input) => {
    const r = await createSource(input);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/^Variable "\$input" got an invalid value/);
    expect(JSON.stringify(r)).not.toContain(canary);
    expect(JSON.stringify(t.logger.lines)).not.toContain(canary);
  });

  it('the reason stays: an unknown field is named', async () => {
    const r = await createSource({ name: 'fleet', url: 'https://git.example.com/fleet.git', credentials: { username: 'git', password: canary, passwrd: 'x' } });
    expect(r.errors?.[0]?.message).toBe('Variable "$input" got an invalid value at "input.credentials"; Field "passwrd" is not defined by type "GitCredentialsInput".');
  });
});
