import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub, type GqlResult, type Session } from '../../test/hub-harness.js';

const TEAM = 'id name members { userId username } grants { id role clusterSelector namespaces }';
const reason = (r: GqlResult) => r.errors?.[0]?.extensions?.reason ?? null;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field ?? null;

interface Team {
  id: string;
  name: string;
  members: { userId: string; username: string }[];
  grants: { id: string; role: string; clusterSelector: string; namespaces: string[] }[];
}

describe('teams: members and grants, managed by admins and audited (real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let admin: Session;

  const ok = async <T>(auth: Session, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(auth, query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const userId = async (username: string) => (await t.sql<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0]!.id;
  const audit = (action: string) => t.sql<{ actor_name: string; target_id: string; details: Record<string, unknown> }>(
    'SELECT actor_name, target_id, details FROM audit_entries WHERE action = $1 ORDER BY created_at, id',
    [action],
  );

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    admin = await t.login('admin');
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('viewers and operators get FORBIDDEN on every team operation', async () => {
    for (const who of ['viewer', 'operator'] as const) {
      const s = await t.login(who);
      for (const op of [
        '{ teams { id } }',
        'mutation { createTeam(name: "x") { id } }',
        'mutation { renameTeam(id: "x", name: "y") { id } }',
        'mutation { deleteTeam(id: "x") }',
        'mutation { addTeamMember(teamId: "x", userId: "y") { id } }',
        'mutation { removeTeamMember(teamId: "x", userId: "y") { id } }',
        'mutation { addTeamGrant(input: { teamId: "x", role: VIEWER }) { id } }',
        'mutation { removeTeamGrant(id: "x") { id } }',
      ]) {
        expect(reason(await t.gql(s, op)), `${who}: ${op}`).toBe('FORBIDDEN');
      }
    }
    expect(await t.sql('SELECT 1 FROM teams')).toHaveLength(0);
  });

  it('creates, renames and refuses a taken or malformed name', async () => {
    const { createTeam } = await ok<{ createTeam: Team }>(admin, `mutation { createTeam(name: "  platform ") { ${TEAM} } }`);
    expect(createTeam).toMatchObject({ name: 'platform', members: [], grants: [] });
    expect(reason(await t.gql(admin, 'mutation { createTeam(name: "platform") { id } }'))).toBe('NAME_TAKEN');
    const bad = await t.gql(admin, 'mutation { createTeam(name: "-bad\\nname") { id } }');
    expect([reason(bad), field(bad)]).toEqual(['BAD_USER_INPUT', 'name']);
    const renamed = await ok<{ renameTeam: Team }>(admin, `mutation($id: ID!) { renameTeam(id: $id, name: "platform-eu") { ${TEAM} } }`, { id: createTeam.id });
    expect(renamed.renameTeam.name).toBe('platform-eu');
    expect(reason(await t.gql(admin, 'mutation { renameTeam(id: "nope", name: "z") { id } }'))).toBe('TEAM_NOT_FOUND');
    expect((await audit('team.rename')).map((e) => e.details)).toEqual([{ from: 'platform', to: 'platform-eu' }]);
  });

  it('adds and removes members, once each, and refuses unknown users', async () => {
    const { createTeam } = await ok<{ createTeam: Team }>(admin, 'mutation { createTeam(name: "ops") { id } }');
    const viewerId = await userId('viewer');
    for (let i = 0; i < 2; i++) {
      const added = await ok<{ addTeamMember: Team }>(admin, `mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { ${TEAM} } }`, { t: createTeam.id, u: viewerId });
      expect(added.addTeamMember.members).toEqual([{ userId: viewerId, username: 'viewer' }]);
    }
    expect(reason(await t.gql(admin, 'mutation($t: ID!) { addTeamMember(teamId: $t, userId: "nobody") { id } }', { t: createTeam.id }))).toBe('USER_NOT_FOUND');
    const removed = await ok<{ removeTeamMember: Team }>(admin, `mutation($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { ${TEAM} } }`, { t: createTeam.id, u: viewerId });
    expect(removed.removeTeamMember.members).toEqual([]);
    expect((await audit('team.member.add')).map((e) => e.details)).toEqual([{ team: 'ops', username: 'viewer' }]);
    expect((await audit('team.member.remove')).map((e) => e.details)).toEqual([{ team: 'ops', username: 'viewer' }]);
  });

  it('validates grants with the one label selector parser and stores them in its spelling', async () => {
    const { createTeam } = await ok<{ createTeam: Team }>(admin, 'mutation { createTeam(name: "dev") { id } }');
    const add = (input: Record<string, unknown>) =>
      t.gql<{ addTeamGrant: Team }>(admin, `mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { ${TEAM} } }`, { i: { teamId: createTeam.id, ...input } });
    const badSelector = await add({ role: 'VIEWER', clusterSelector: 'env in (dev' });
    expect([reason(badSelector), field(badSelector)]).toEqual(['BAD_USER_INPUT', 'input.clusterSelector']);
    const badNamespace = await add({ role: 'VIEWER', namespaces: ['apps', 'Not_A_Namespace'] });
    expect([reason(badNamespace), field(badNamespace)]).toEqual(['BAD_USER_INPUT', 'input.namespaces.1']);
    const good = await add({ role: 'OPERATOR', clusterSelector: ' env  in (dev,qa),!legacy ', namespaces: ['web', 'apps', 'web'] });
    expect(good.data?.addTeamGrant.grants).toEqual([{ id: expect.any(String), role: 'OPERATOR', clusterSelector: 'env in (dev,qa),!legacy', namespaces: ['apps', 'web'] }]);
    const grantId = good.data!.addTeamGrant.grants[0]!.id;
    expect((await audit('team.grant.add')).map((e) => e.details)).toEqual([{ team: 'dev', role: 'OPERATOR', clusterSelector: 'env in (dev,qa),!legacy', namespaces: ['apps', 'web'] }]);
    const after = await ok<{ removeTeamGrant: Team }>(admin, `mutation($id: ID!) { removeTeamGrant(id: $id) { ${TEAM} } }`, { id: grantId });
    expect(after.removeTeamGrant.grants).toEqual([]);
    expect(reason(await t.gql(admin, 'mutation($id: ID!) { removeTeamGrant(id: $id) { id } }', { id: grantId }))).toBe('TEAM_GRANT_NOT_FOUND');
    expect(await audit('team.grant.remove')).toHaveLength(1);
  });

  it('deleting a team ends its grants; deleting a user ends their memberships', async () => {
    const { createTeam } = await ok<{ createTeam: Team }>(admin, 'mutation { createTeam(name: "temp") { id } }');
    await ok(admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', { i: { username: 'tess', password: 'tess-password-1' } });
    await ok(admin, 'mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: createTeam.id, u: await userId('tess') });
    await ok(admin, 'mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', { i: { teamId: createTeam.id, role: 'VIEWER' } });
    const tess = await t.loginWith('tess', 'tess-password-1');
    // No own role: the viewer query says so, and the team's fleet-wide grant is their highest role.
    expect((await ok<{ viewer: unknown }>(tess, '{ viewer { role highestRole } }')).viewer).toEqual({ role: null, highestRole: 'VIEWER' });
    expect(reason(await t.gql(tess, '{ clusters { totalCount } }'))).toBeNull();
    await ok(admin, 'mutation($id: ID!) { deleteTeam(id: $id) }', { id: createTeam.id });
    expect(reason(await t.gql(tess, '{ clusters { totalCount } }'))).toBe('FORBIDDEN');
    expect((await ok<{ viewer: unknown }>(tess, '{ viewer { role highestRole } }')).viewer).toEqual({ role: null, highestRole: null });
    expect((await audit('team.delete')).map((e) => e.details)).toEqual([{ name: 'temp', members: ['tess'] }]);
    expect(await t.sql('SELECT 1 FROM team_grants g JOIN teams t ON t.id = g.team_id WHERE t.name = $1', ['temp'])).toHaveLength(0);

    const { createTeam: keep } = await ok<{ createTeam: Team }>(admin, 'mutation { createTeam(name: "keep") { id } }');
    await ok(admin, 'mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: keep.id, u: await userId('tess') });
    await ok(admin, 'mutation($u: ID!) { deleteUser(userId: $u) }', { u: await userId('tess') });
    expect((await ok<{ teams: Team[] }>(admin, `{ teams { ${TEAM} } }`)).teams.find((x) => x.name === 'keep')?.members).toEqual([]);
  });
});
