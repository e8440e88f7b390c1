import { writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClusterPki, makeTempDir, proxyTo, startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { runFlotilla, type CliRun } from './support/cli-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { loginAsAdmin, type HubSession } from './support/hub-session.js';

// `create receiver` and the credentials of `create source git` against a real hub (on a real Postgres) and a
// real git server that asks for basic auth: the hub stores the credentials encrypted and fetches with them,
// and the password is in no output of the CLI and no GraphQL answer.

describe('flotilla create receiver and create source git with credentials', () => {
  let pg: TestPostgres;
  let hub: RunningHub;
  let git: TestGitServer;
  let session: HubSession;
  let env: Record<string, string> = {};
  let home = '';
  let repoUrl = '';
  const cli = (args: string[], stdin?: string): Promise<CliRun> => runFlotilla(args, { home, env, ...(stdin !== undefined ? { stdin } : {}) });

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' })]);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 30_000 });
    session = await loginAsAdmin(hub.url, hub.adminPassword);
    const { createApiToken } = await session.gql<{ createApiToken: { token: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: 'cli-credentials', role: 'ADMIN' } },
    );
    env = { FLOTILLA_HUB: hub.url, FLOTILLA_TOKEN: createApiToken.token };
    repoUrl = await git.createRepo('private');
    await git.pushFiles('private', { 'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n  namespace: default\n' });
    home = await makeTempDir('cli-credentials-home');
  }, 240_000);

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  it('create source git --username --password-stdin: the hub fetches the private repository with them; the password is in no output and no GraphQL answer', async () => {
    const { username, password } = git.credentials;
    const created = await cli(['create', 'source', 'git', 'private', '--url', repoUrl, '--branch', 'main', '--username', username, '--password-stdin'], `${password}\n`);
    expect(created.code, created.stderr).toBe(0);
    const rec = await cli(['reconcile', 'source', 'git', 'private', '--timeout', '2m']);
    expect(rec.code, rec.stderr).toBe(0);
    expect(rec.stderr).toMatch(/✔ fetched revision main@sha1:[0-9a-f]{40}/);
    const outputs = [created, rec, await cli(['get', 'sources', 'git', 'private', '-o', 'json']), await cli(['get', 'sources', 'git', 'private', '-o', 'yaml']), await cli(['export', 'git', 'private'])];
    for (const r of outputs) expect(`${r.stdout}${r.stderr}`).not.toContain(password);
    const { gitRepositories } = await session.gql<{ gitRepositories: { name: string; credentialsKind: string | null }[] }>('{ gitRepositories { name credentialsKind } }');
    expect(gitRepositories).toEqual([{ name: 'private', credentialsKind: 'basic' }]);
    expect(JSON.stringify(gitRepositories)).not.toContain(password);
  }, 240_000);

  it('an update without credential flags keeps the stored credentials; a wrong password then fails the fetch (Ready=False)', async () => {
    const kept = await cli(['create', 'source', 'git', 'private', '--url', repoUrl, '--branch', 'main', '--interval', '5m']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toContain('✔ GitRepository updated');
    expect((await cli(['reconcile', 'source', 'git', 'private', '--timeout', '2m'])).code).toBe(0);
    const wrong = await cli(['create', 'source', 'git', 'private', '--url', repoUrl, '--branch', 'main', '-u', git.credentials.username, '-p', 'not-the-password']);
    expect(wrong.code, wrong.stderr).toBe(0);
    const rec = await cli(['reconcile', 'source', 'git', 'private', '--timeout', '2m']);
    expect(rec.code).toBe(1);
    expect(`${rec.stdout}${rec.stderr}`).not.toContain('not-the-password');
  }, 240_000);

  it('credential flags the hub cannot honour exit 2 and change nothing: --secret-ref, --password with --password-stdin, empty stdin, a missing key file; a --ca-file that is not PEM is refused by the hub', async () => {
    const base = ['create', 'source', 'git', 'other', '--url', repoUrl];
    const cases: [string[], string, string][] = [
      [[...base, '--secret-ref', 'git-auth'], '', '--secret-ref: the hub has no Secrets'],
      [[...base, '--ca-file', '/nonexistent/ca.crt'], '', '--ca-file /nonexistent/ca.crt: ENOENT'],
      [[...base, '-u', 'x', '-p', 'y', '--password-stdin'], 'z\n', 'not both'],
      [[...base, '-u', 'x', '--password-stdin'], '', 'stdin was empty'],
      [[...base, '--private-key-file', '/nonexistent/key'], '', '--private-key-file /nonexistent/key: ENOENT'],
    ];
    for (const [args, stdin, message] of cases) {
      const r = await cli(args, stdin);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    const bad = await cli([...base, '--username', 'only-a-user']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('basic auth needs a password');
    const notPem = await cli([...base, '--ca-file', '/etc/hostname']);
    expect(notPem.code).toBe(1);
    expect(notPem.stderr).toContain('caCert: expected PEM certificates');
    const { gitRepositories } = await session.gql<{ gitRepositories: { name: string }[] }>('{ gitRepositories { name } }');
    expect(gitRepositories.map((g) => g.name)).toEqual(['private']);
  }, 240_000);

  it('create receiver prints its token once on stdout and the webhook path (flux create receiver), and the hook reconciles the source', async () => {
    const r = await cli(['create', 'receiver', 'push', '--type', 'generic', '--resource', 'GitRepository/private']);
    expect(r.code, r.stderr).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^\S{20,}$/);
    const path = /✔ generated webhook URL (\/hook\/[0-9a-f]{64})\n/.exec(r.stderr)?.[1];
    expect(path, r.stderr).toBeDefined();
    expect(r.stderr).toBe(`► creating Receiver flotilla-system/push\n✔ Receiver created\n✔ generated webhook URL ${path}\n✔ its token (the webhook secret, shown once) is on stdout\n`);
    const hook = await fetch(`${hub.url}${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(hook.status).toBe(200);
    const { receivers } = await session.gql<{ receivers: { name: string; type: string; events: string[]; resources: { kind: string; name: string }[]; lastReceivedAt: string | null }[] }>(
      '{ receivers { name type events resources { kind name } lastReceivedAt } }',
    );
    expect(receivers).toMatchObject([{ name: 'push', type: 'generic', events: [], resources: [{ kind: 'GitRepository', name: 'private' }] }]);
    expect(JSON.stringify(receivers)).not.toContain(token);
    // Again: an update, no new token, the same webhook path.
    const again = await cli(['create', 'receiver', 'push', '--type', 'generic', '--resource', 'GitRepository/private,Kustomization/*']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(`► updating Receiver flotilla-system/push\n✔ Receiver updated\n✔ generated webhook URL ${path}\n`);
  }, 120_000);

  it('create receiver --export prints Flux YAML as flux does and creates nothing; bad flags exit 2', async () => {
    const r = await cli(['create', 'receiver', 'gh', '-n', 'apps', '--type', 'github', '--event', 'ping,push', '--resource', 'GitRepository/webapp', '--secret-ref', 'webhook-token', '--export']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      '---\napiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: gh\n  namespace: apps\nspec:\n  events:\n  - ping\n  - push\n  resources:\n  - kind: GitRepository\n    name: webapp\n  secretRef:\n    name: webhook-token\n  type: github\n',
    );
    const cases: [string[], string][] = [
      [['create', 'receiver', 'x', '--type', 'github'], 'at least one --resource'],
      [['create', 'receiver', 'x', '--type', 'github', '--resource', 'webapp'], "invalid resource 'webapp', must be in format <kind>/<name>"],
      [['create', 'receiver', 'x', '--type', 'github', '--resource', 'GitRepository/a', '--export'], '--export needs --secret-ref'],
      [['create', 'receiver', 'x', '--type', 'github', '--resource', 'GitRepository/a', '--secret-ref', 's'], 'the hub makes the Receiver'],
      [['create', 'receiver', 'x', '--resource', 'GitRepository/a'], "required option '--type <type>' not specified"],
    ];
    for (const [args, message] of cases) {
      const bad = await cli(args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr, args.join(' ')).toContain(message);
    }
    const unknownType = await cli(['create', 'receiver', 'x', '--type', 'carrier-pigeon', '--resource', 'GitRepository/a']);
    expect(unknownType.code).toBe(1);
    const { receivers } = await session.gql<{ receivers: { name: string }[] }>('{ receivers { name } }');
    expect(receivers.map((x) => x.name)).toEqual(['push']);
  }, 120_000);

  it('create source git --ca-file (flux: the Secret key ca.crt): the hub fetches from an https server whose certificate a private CA signed', async () => {
    const dir = await makeTempDir('cli-ca');
    const pki = await makeClusterPki(dir);
    const caFile = path.join(dir, 'ca.crt');
    await writeFile(caFile, pki.caCert);
    const front = https.createServer({ cert: pki.servingCert, key: pki.servingKey }, proxyTo(() => git.baseUrl));
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', () => resolve()));
    try {
      const url = repoUrl.replace(git.baseUrl, `https://127.0.0.1:${(front.address() as AddressInfo).port}`);
      const created = await cli(['create', 'source', 'git', 'behind-tls', '--url', url, '--branch', 'main', '-u', git.credentials.username, '--password-stdin', '--ca-file', caFile], `${git.credentials.password}\n`);
      expect(created.code, created.stderr).toBe(0);
      const rec = await cli(['reconcile', 'source', 'git', 'behind-tls', '--timeout', '2m']);
      expect(rec.code, rec.stderr).toBe(0);
      expect(rec.stderr).toMatch(/✔ fetched revision main@sha1:[0-9a-f]{40}/);
      const { gitRepositories } = await session.gql<{ gitRepositories: { name: string; credentialsKind: string | null }[] }>('{ gitRepositories { name credentialsKind } }');
      const gitRepository = gitRepositories.find((g) => g.name === 'behind-tls');
      expect(gitRepository?.credentialsKind).toBe('basic+ca');
    } finally {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    }
  }, 240_000);
});
