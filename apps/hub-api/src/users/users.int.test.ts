import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { passwords, TestHub, type GqlResult, type Session } from '../../test/hub-harness.js';

const USER_FIELDS = 'id username role createdAt lastLoginAt disabled disabledAt passwordChangeRequired';

/** Every GraphQL answer of this file, searched at the end for planted secrets. */
const answers: string[] = [];
const planted = { chosenPassword: 'planted-Chosen-pw-7781', changedPassword: 'planted-Changed-pw-3310', ownPassword: 'planted-Own-pw-9902' };

describe('people: users and API tokens (real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let admin: Session;

  const gql = async <T = Record<string, unknown>>(auth: Session | { bearer: string } | null, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> => {
    const r = await t.gql<T>(auth, query, variables);
    answers.push(JSON.stringify(r));
    return r;
  };
  const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
  const reason = (r: GqlResult) => r.errors?.[0]?.extensions?.reason;

  const createUser = async (username: string, role: string, password?: string) => {
    const r = await gql<{ createUser: { user: { id: string; username: string }; oneTimePassword: string | null } }>(
      admin,
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { ${USER_FIELDS} } oneTimePassword } }`,
      { input: { username, role, password } },
    );
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.createUser;
  };
  const userId = async (username: string) => (await t.sql<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0]!.id;
  const newToken = async (auth: Session | { bearer: string }, input: Record<string, unknown>) => {
    const r = await gql<{ createApiToken: { id: string; token: string; role: string } }>(
      auth,
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { id token role } }',
      { input },
    );
    return r;
  };
  const whoami = (auth: Session | { bearer: string }) => gql<{ viewer: { username: string; role: string } }>(auth, '{ viewer { username role } }');

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('viewers and operators get FORBIDDEN on every user operation', async () => {
    const adminId = await userId('admin');
    for (const who of ['viewer', 'operator'] as const) {
      const s = await t.login(who);
      for (const op of [
        `{ users { id } }`,
        `mutation { createUser(input: { username: "x1", role: VIEWER }) { oneTimePassword } }`,
        `mutation { setUserRole(userId: "${adminId}", role: VIEWER) { id } }`,
        `mutation { disableUser(userId: "${adminId}") { id } }`,
        `mutation { enableUser(userId: "${adminId}") { id } }`,
        `mutation { resetUserPassword(userId: "${adminId}") { oneTimePassword } }`,
        `mutation { deleteUser(userId: "${adminId}") }`,
        `{ apiTokens(all: true) { id } }`,
      ]) {
        expect(code(await gql(s, op)), `${who}: ${op}`).toBe('FORBIDDEN');
      }
    }
    expect(await t.sql("SELECT 1 FROM users WHERE username = 'x1'")).toHaveLength(0);
  });

  it('creates a user with a generated one-time password, shown once; the list shows the login', async () => {
    const created = await createUser('dana', 'OPERATOR');
    expect(created.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(created.user).toMatchObject({ username: 'dana', role: 'OPERATOR', disabled: false, lastLoginAt: null });
    const dana = await t.loginWith('dana', created.oneTimePassword!);
    expect((await whoami(dana)).data?.viewer).toEqual({ username: 'dana', role: 'OPERATOR' });
    const list = await gql<{ users: { username: string; lastLoginAt: string | null }[] }>(admin, `{ users { ${USER_FIELDS} } }`);
    expect(list.data!.users.map((u) => u.username)).toEqual(['admin', 'dana', 'operator', 'viewer']);
    expect(list.data!.users.find((u) => u.username === 'dana')!.lastLoginAt).not.toBeNull();
  });

  it('an admin-chosen password is checked like the first admin’s and never echoed; bad names and duplicates are refused', async () => {
    const weak = await gql(admin, 'mutation { createUser(input: { username: "erin", role: VIEWER, password: "short" }) { oneTimePassword } }');
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
    const sameAsName = await gql(admin, 'mutation { createUser(input: { username: "erinerin", role: VIEWER, password: "ERINERIN" }) { oneTimePassword } }');
    expect(sameAsName.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
    const badName = await gql(admin, 'mutation { createUser(input: { username: "Erin Smith", role: VIEWER }) { oneTimePassword } }');
    expect(badName.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.username' });
    const created = await createUser('erin', 'VIEWER', planted.chosenPassword);
    expect(created.oneTimePassword).toBeNull();
    await t.loginWith('erin', planted.chosenPassword);
    const dup = await gql(admin, 'mutation { createUser(input: { username: "erin", role: VIEWER }) { oneTimePassword } }');
    expect(code(dup)).toBe('CONFLICT');
    expect(reason(dup)).toBe('USERNAME_TAKEN');
  });

  it('a generated password must be replaced before anything but viewer and changeOwnPassword works', async () => {
    const { oneTimePassword } = await createUser('lee', 'OPERATOR');
    const login = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lee', password: oneTimePassword }) });
    expect(((await login.json()) as { user: { passwordChangeRequired: boolean } }).user.passwordChangeRequired).toBe(true);
    const lee = await t.loginWith('lee', oneTimePassword!);
    const flag = async () => (await gql<{ viewer: { passwordChangeRequired: boolean } }>(lee, '{ viewer { passwordChangeRequired } }')).data?.viewer.passwordChangeRequired;
    expect(await flag()).toBe(true);
    for (const op of ['{ clusters { totalCount } }', '{ apiTokens { id } }', 'mutation { createApiToken(input: { name: "early" }) { token } }']) {
      const r = await gql(lee, op);
      expect(code(r), op).toBe('FORBIDDEN');
      expect(reason(r), op).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    const listed = async () => (await gql<{ users: { username: string; passwordChangeRequired: boolean }[] }>(admin, `{ users { ${USER_FIELDS} } }`)).data!.users.find((u) => u.username === 'lee')!.passwordChangeRequired;
    expect(await listed()).toBe(true);
    const changed = await gql(lee, 'mutation($input: ChangeOwnPasswordInput!) { changeOwnPassword(input: $input) }', { input: { currentPassword: oneTimePassword, newPassword: planted.ownPassword } });
    expect(changed.data).toEqual({ changeOwnPassword: true });
    expect(await flag()).toBe(false);
    expect(code(await gql(lee, '{ clusters { totalCount } }'))).toBeUndefined();
    expect(await listed()).toBe(false);

    // A reset hands out a generated password again; an admin-chosen password needs no change.
    const reset = await gql<{ resetUserPassword: { oneTimePassword: string } }>(admin, `mutation { resetUserPassword(userId: "${await userId('lee')}") { oneTimePassword } }`);
    const again = await t.loginWith('lee', reset.data!.resetUserPassword.oneTimePassword);
    expect(reason(await gql(again, '{ clusters { totalCount } }'))).toBe('PASSWORD_CHANGE_REQUIRED');
    const erin = await t.loginWith('erin', planted.chosenPassword);
    expect((await gql<{ viewer: { passwordChangeRequired: boolean } }>(erin, '{ viewer { passwordChangeRequired } }')).data?.viewer.passwordChangeRequired).toBe(false);
  });

  it('disabling ends sessions and refuses tokens on the next request; enabling lets tokens work again', async () => {
    const oneTimePassword = 'finn-password-1';
    await createUser('finn', 'OPERATOR', oneTimePassword);
    const finn = await t.loginWith('finn', oneTimePassword);
    const token = (await newToken(finn, { name: 'ci' })).data!.createApiToken.token;
    expect((await whoami({ bearer: token })).data?.viewer.username).toBe('finn');
    const id = await userId('finn');
    const ui = t.uiSocket(finn);
    await new Promise<void>((resolve) => ui.once('connect', () => resolve()));
    const dropped = new Promise<string>((resolve) => ui.once('disconnect', resolve));
    const disabled = await gql<{ disableUser: { disabled: boolean } }>(admin, `mutation { disableUser(userId: "${id}") { disabled } }`);
    expect(disabled.data?.disableUser.disabled).toBe(true);
    expect(await dropped).toBe('io server disconnect');
    ui.close();
    expect(code(await whoami(finn))).toBe('UNAUTHENTICATED');
    expect(code(await whoami({ bearer: token }))).toBe('UNAUTHENTICATED');
    await expect(t.loginWith('finn', oneTimePassword)).rejects.toThrow(/403 ACCOUNT_DISABLED/);
    await expect(t.loginWith('finn', 'wrong-password-1')).rejects.toThrow(/401 INVALID_CREDENTIALS/);
    await gql(admin, `mutation { enableUser(userId: "${id}") { disabled } }`);
    expect((await whoami({ bearer: token })).data?.viewer.username).toBe('finn');
    expect(code(await whoami(finn))).toBe('UNAUTHENTICATED');
    await t.loginWith('finn', oneTimePassword);
  });

  it('a password reset shows a new one-time password once and ends the user’s sessions', async () => {
    const { oneTimePassword } = await createUser('gwen', 'VIEWER');
    const gwen = await t.loginWith('gwen', oneTimePassword!);
    const r = await gql<{ resetUserPassword: { oneTimePassword: string } }>(admin, `mutation { resetUserPassword(userId: "${await userId('gwen')}") { oneTimePassword } }`);
    const fresh = r.data!.resetUserPassword.oneTimePassword;
    expect(fresh).not.toBe(oneTimePassword);
    expect(code(await whoami(gwen))).toBe('UNAUTHENTICATED');
    await expect(t.loginWith('gwen', oneTimePassword!)).rejects.toThrow(/401/);
    await t.loginWith('gwen', fresh);
  });

  it('users change their own password with the current one; their other sessions end, this one stays', async () => {
    const { oneTimePassword } = await createUser('hana', 'VIEWER');
    const here = await t.loginWith('hana', oneTimePassword!);
    const elsewhere = await t.loginWith('hana', oneTimePassword!);
    const change = (current: string, next: string) =>
      gql(here, 'mutation($input: ChangeOwnPasswordInput!) { changeOwnPassword(input: $input) }', { input: { currentPassword: current, newPassword: next } });
    const wrong = await change('not-the-password', planted.changedPassword);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CURRENT_PASSWORD_WRONG', field: 'currentPassword' });
    expect((await change(oneTimePassword!, 'hana')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect((await change(oneTimePassword!, planted.changedPassword)).data).toEqual({ changeOwnPassword: true });
    expect((await whoami(here)).data?.viewer.username).toBe('hana');
    expect(code(await whoami(elsewhere))).toBe('UNAUTHENTICATED');
    await t.loginWith('hana', planted.changedPassword);
  });

  it('the last enabled admin cannot be demoted, disabled or deleted; nobody deletes themself', async () => {
    const adminId = await userId('admin');
    const demote = await gql(admin, `mutation { setUserRole(userId: "${adminId}", role: OPERATOR) { role } }`);
    expect(code(demote)).toBe('CONFLICT');
    expect(reason(demote)).toBe('LAST_ADMIN');
    expect(reason(await gql(admin, `mutation { disableUser(userId: "${adminId}") { id } }`))).toBe('LAST_ADMIN');
    const self = await gql(admin, `mutation { deleteUser(userId: "${adminId}") }`);
    expect(code(self)).toBe('FORBIDDEN');
    expect(reason(self)).toBe('CANNOT_DELETE_SELF');

    // A second admin may delete the first; then that one is the last.
    await createUser('ivy', 'ADMIN', 'ivy-password-1');
    const ivy = await t.loginWith('ivy', 'ivy-password-1');
    const ivyId = await userId('ivy');
    const demoteIvy = await gql<{ setUserRole: { role: string } }>(admin, `mutation { setUserRole(userId: "${ivyId}", role: OPERATOR) { role } }`);
    expect(demoteIvy.data?.setUserRole.role).toBe('OPERATOR');
    expect(code(await whoami(ivy))).toBeUndefined();
    const notAdmin = await gql(ivy, '{ users { id } }');
    expect(code(notAdmin)).toBe('FORBIDDEN');
    expect(reason(notAdmin)).toBe('FORBIDDEN');
    await gql(admin, `mutation { setUserRole(userId: "${ivyId}", role: ADMIN) { role } }`);
    // A disabled admin does not count: with ivy disabled, admin is the last enabled one again.
    await gql(admin, `mutation { disableUser(userId: "${ivyId}") { id } }`);
    expect(reason(await gql(admin, `mutation { setUserRole(userId: "${adminId}", role: VIEWER) { role } }`))).toBe('LAST_ADMIN');
    await gql(admin, `mutation { enableUser(userId: "${ivyId}") { id } }`);
    expect(code(await gql(admin, `mutation { setUserRole(userId: "${adminId}", role: ADMIN) { role } }`))).toBeUndefined();
  });

  it('deleting a user removes their sessions and tokens; audit entries keep their name', async () => {
    await createUser('jack', 'OPERATOR', 'jack-password-1');
    const jack = await t.loginWith('jack', 'jack-password-1');
    const token = (await newToken(jack, { name: 'deploy' })).data!.createApiToken.token;
    const id = await userId('jack');
    const r = await gql<{ deleteUser: string }>(admin, `mutation { deleteUser(userId: "${id}") }`);
    expect(r.data?.deleteUser).toBe(id);
    expect(code(await whoami(jack))).toBe('UNAUTHENTICATED');
    expect(code(await whoami({ bearer: token }))).toBe('UNAUTHENTICATED');
    expect(await t.sql('SELECT 1 FROM sessions WHERE user_id = $1 UNION ALL SELECT 1 FROM api_tokens WHERE user_id = $1', [id])).toHaveLength(0);
    const entries = await t.sql<{ action: string }>("SELECT action FROM audit_entries WHERE actor_name = 'jack' ORDER BY created_at");
    expect(entries.map((e) => e.action)).toEqual(['auth.login', 'apiToken.create']);
    expect(code(await gql(admin, `mutation { deleteUser(userId: "${id}") }`))).toBe('NOT_FOUND');
  });

  it("a token's role is at most its owner's: higher is refused, lower is what it acts with, and a demotion caps it", async () => {
    const viewer = await t.login('viewer');
    const higher = await newToken(viewer, { name: 'up', role: 'OPERATOR' });
    expect(code(higher)).toBe('FORBIDDEN');
    expect(reason(higher)).toBe('TOKEN_ROLE_TOO_HIGH');

    await createUser('kim', 'ADMIN', 'kim-password-1');
    const kim = await t.loginWith('kim', 'kim-password-1');
    const viewerToken = (await newToken(kim, { name: 'read-only', role: 'VIEWER' })).data!.createApiToken;
    expect(viewerToken.role).toBe('VIEWER');
    expect((await whoami({ bearer: viewerToken.token })).data?.viewer.role).toBe('VIEWER');
    expect(code(await gql({ bearer: viewerToken.token }, '{ users { id } }'))).toBe('FORBIDDEN');
    expect(code(await newToken({ bearer: viewerToken.token }, { name: 'escalate', role: 'ADMIN' }))).toBe('FORBIDDEN');

    const adminToken = (await newToken(kim, { name: 'full' })).data!.createApiToken;
    expect(adminToken.role).toBe('ADMIN');
    await gql(admin, `mutation { setUserRole(userId: "${await userId('kim')}", role: OPERATOR) { role } }`);
    expect((await whoami({ bearer: adminToken.token })).data?.viewer.role).toBe('OPERATOR');
    const listed = await gql<{ apiTokens: { name: string; role: string }[] }>({ bearer: adminToken.token }, '{ apiTokens { name role } }');
    expect(listed.data?.apiTokens).toEqual([
      { name: 'full', role: 'OPERATOR' },
      { name: 'read-only', role: 'VIEWER' },
    ]);
  });

  it('users list and revoke their own tokens (never the value); admins list and revoke anyone’s; revoked is refused at once', async () => {
    const operator = await t.login('operator');
    const viewer = await t.login('viewer');
    const mine = (await newToken(operator, { name: 'laptop', ttlDays: 30 })).data!.createApiToken;
    const theirs = (await newToken(viewer, { name: 'viewer-script' })).data!.createApiToken;
    expect((await whoami({ bearer: mine.token })).data?.viewer.username).toBe('operator');

    const fields = 'id name userId username role createdAt expiresAt lastUsedAt revokedAt';
    const own = await gql<{ apiTokens: { id: string; name: string; username: string; lastUsedAt: string | null; revokedAt: string | null }[] }>(operator, `{ apiTokens { ${fields} } }`);
    expect(own.data!.apiTokens.map((x) => x.name)).toEqual(['laptop']);
    expect(own.data!.apiTokens[0]!.lastUsedAt).not.toBeNull();
    const stored = await t.sql<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
    for (const a of [JSON.stringify(own)]) {
      expect(a).not.toContain(mine.token);
      for (const h of stored) expect(a).not.toContain(h.token_hash);
    }

    expect(code(await gql(operator, `{ apiTokens(userId: "${await userId('viewer')}") { id } }`))).toBe('FORBIDDEN');
    expect(code(await gql(operator, `mutation { revokeApiToken(id: "${theirs.id}") { id } }`))).toBe('NOT_FOUND');
    expect((await whoami({ bearer: theirs.token })).data?.viewer.username).toBe('viewer');

    const revoked = await gql<{ revokeApiToken: { revokedAt: string | null } }>(operator, `mutation { revokeApiToken(id: "${mine.id}") { revokedAt } }`);
    expect(revoked.data?.revokeApiToken.revokedAt).not.toBeNull();
    expect(code(await whoami({ bearer: mine.token }))).toBe('UNAUTHENTICATED');

    const all = await gql<{ apiTokens: { id: string; username: string }[] }>(admin, `{ apiTokens(all: true) { id username } }`);
    expect(all.data!.apiTokens.map((x) => x.username)).toEqual(expect.arrayContaining(['operator', 'viewer', 'kim']));
    const ofViewer = await gql<{ apiTokens: { id: string }[] }>(admin, `{ apiTokens(userId: "${await userId('viewer')}") { id } }`);
    expect(ofViewer.data!.apiTokens.map((x) => x.id)).toEqual([theirs.id]);
    await gql(admin, `mutation { revokeApiToken(id: "${theirs.id}") { id } }`);
    expect(code(await whoami({ bearer: theirs.token }))).toBe('UNAUTHENTICATED');
    const audit = await t.sql<{ actor_name: string; details: { owner: string } }>("SELECT actor_name, details FROM audit_entries WHERE action = 'apiToken.revoke' ORDER BY created_at");
    expect(audit.map((a) => [a.actor_name, a.details.owner])).toEqual([
      ['operator', 'operator'],
      ['admin', 'viewer'],
    ]);
  });

  it('token use moves lastUsedAt at most once a minute and is audited once per token and day, also under concurrent use', async () => {
    const operator = await t.login('operator');
    const tok = (await newToken(operator, { name: 'busy' })).data!.createApiToken;
    await Promise.all(Array.from({ length: 8 }, () => whoami({ bearer: tok.token })));
    for (let i = 0; i < 3; i++) await whoami({ bearer: tok.token });
    const first = (await t.sql<{ last_used_at: Date }>('SELECT last_used_at FROM api_tokens WHERE id = $1', [tok.id]))[0]!.last_used_at;
    t.clock.advance(61_000);
    try {
      await whoami({ bearer: tok.token });
      const second = (await t.sql<{ last_used_at: Date }>('SELECT last_used_at FROM api_tokens WHERE id = $1', [tok.id]))[0]!.last_used_at;
      expect(second.getTime() - first.getTime()).toBeGreaterThanOrEqual(60_000);
    } finally {
      t.clock.offsetMs = 0;
    }
    const uses = await t.sql("SELECT 1 FROM audit_entries WHERE action = 'apiToken.use' AND target_id = $1", [tok.id]);
    expect(uses).toHaveLength(1);
  });

  it('every user change is audited, and no GraphQL answer or audit detail holds a password, token or hash', async () => {
    const actions = (await t.sql<{ action: string }>("SELECT DISTINCT action FROM audit_entries WHERE action LIKE 'user.%' OR action LIKE 'apiToken.%'")).map((a) => a.action);
    expect(actions.sort()).toEqual(
      ['apiToken.create', 'apiToken.revoke', 'apiToken.use', 'user.create', 'user.delete', 'user.disable', 'user.enable', 'user.password.change', 'user.password.reset', 'user.role.change'].sort(),
    );
    const hashes = await t.sql<{ h: string }>('SELECT password_hash AS h FROM users UNION ALL SELECT token_hash FROM api_tokens UNION ALL SELECT token_hash FROM sessions UNION ALL SELECT csrf_hash FROM sessions');
    const secrets = [...Object.values(planted), ...Object.values(passwords), ...hashes.map((h) => h.h)];
    const audit = JSON.stringify(await t.sql('SELECT * FROM audit_entries'));
    const tokens = answers.join('\n').match(/flt_[A-Za-z0-9_-]{20,}/g) ?? [];
    expect(tokens.length).toBeGreaterThan(0);
    for (const s of [...secrets, ...tokens]) expect(audit).not.toContain(s);
    // Answers may hold a token only as the answer that created it.
    for (const s of secrets) expect(answers.join('\n')).not.toContain(s);
    for (const tok of new Set(tokens)) expect(answers.filter((a) => a.includes(tok) && !a.includes('"createApiToken"'))).toEqual([]);
  });
});
