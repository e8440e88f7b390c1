import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTempTree, startHelmRepository, startPostgres, startRegistry, type TestHelmRepository, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { runFlotilla, type CliRun } from './support/cli-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { loginAsAdmin } from './support/hub-session.js';

// `flotilla create|get|delete source oci` against a real hub (`pnpm start` on a real Postgres) and a real
// registry holding an artifact `flotilla push artifact` wrote with Flux's media types.

describe('flotilla CLI: hub OCIRepositories', () => {
  let pg: TestPostgres;
  let registry: TestRegistry;
  let hub: RunningHub;
  let charts: TestHelmRepository;
  let session: Awaited<ReturnType<typeof loginAsAdmin>>;
  let home = '';
  const cli = (args: string[]): Promise<CliRun> => runFlotilla(args, { home });

  beforeAll(async () => {
    [pg, registry, charts] = await Promise.all([startPostgres(), startRegistry(), startHelmRepository()]);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 30_000 });
    session = await loginAsAdmin(hub.url, hub.adminPassword);
    const { createApiToken } = await session.gql<{ createApiToken: { token: string } }>('mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }', { input: { name: 'cli-oci-e2e', role: 'ADMIN' } });
    home = await makeTempDir('cli-oci-home');
    const login = await runFlotilla(['login', '--hub', hub.url], { home, stdin: createApiToken.token });
    expect(login.code, login.stderr).toBe(0);
  }, 240_000);

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([registry?.stop(), charts?.stop(), pg?.stop()]);
  });

  it('create source oci, then get sources oci shows it Ready with revision <tag>@sha256:<digest> in flux get’s columns; delete removes it', async () => {
    const dir = await makeTempTree('cli-oci-src', { 'deploy/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\n' });
    const pushed = await cli(['push', 'artifact', `oci://${registry.host}/app/manifests:v1`, '--path', dir, '--source', 'https://github.com/example/app', '--revision', 'main@sha1:0123456789abcdef0123456789abcdef01234567']);
    expect(pushed.code, pushed.stderr).toBe(0);
    const created = await cli(['create', 'source', 'oci', 'manifests', '--url', `oci://${registry.host}/app/manifests`, '--tag', 'v1', '--insecure', '--interval', '10m']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('✔ OCIRepository created');
    let get: CliRun | undefined;
    for (let i = 0; i < 120; i++) {
      get = await cli(['get', 'sources', 'oci']);
      if (/\tTrue *\t/.test(get.stdout)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const [header, row] = get!.stdout.split('\n');
    expect(header).toMatch(/^NAME +\tREVISION +\tSUSPENDED\tREADY\tMESSAGE$/);
    expect(row).toMatch(/^manifests\tv1@sha256:[0-9a-f]{64}\tFalse +\tTrue \tstored artifact for digest 'v1@sha256:[0-9a-f]{64}'$/);
    const json = JSON.parse((await cli(['get', 'sources', 'oci', 'manifests', '-o', 'json'])).stdout) as { items: { name: string; spec: { ref: unknown } }[] };
    expect(json.items).toMatchObject([{ name: 'manifests', spec: { ref: { tag: 'v1' } } }]);

    // flux reconcile source oci: the tag pushed again is pulled at once (the interval is 10m) and its revision printed.
    const again = await cli(['push', 'artifact', `oci://${registry.host}/app/manifests:v1`, '--path', await makeTempTree('cli-oci-src2', { 'deploy/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello2\n' }), '--source', 'https://github.com/example/app', '--revision', 'main@sha1:1123456789abcdef0123456789abcdef01234567']);
    expect(again.code, again.stderr).toBe(0);
    const rec = await cli(['reconcile', 'source', 'oci', 'manifests', '--timeout', '2m']);
    expect(rec.code, rec.stderr).toBe(0);
    expect(rec.stderr).toMatch(/^► annotating OCIRepository manifests in flotilla-system namespace\n✔ OCIRepository annotated\n◎ waiting for OCIRepository reconciliation\n✔ fetched revision v1@sha256:([0-9a-f]{64})\n$/);
    expect(rec.stderr).not.toContain(row!.split('\t')[1]!);
    expect((await cli(['get', 'sources', 'oci', 'manifests'])).stdout).toContain(rec.stderr.trim().split(' ').at(-1)!);
    expect((await cli(['reconcile', 'source', 'oci', 'nope'])).code).toBe(4);

    const updated = await cli(['create', 'source', 'oci', 'manifests', '--url', `oci://${registry.host}/app/manifests`, '--tag-semver', '>=1.0.0', '--insecure']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stderr).toContain('✔ OCIRepository updated');

    const removed = await cli(['delete', 'source', 'oci', 'manifests', '-s']);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await cli(['get', 'sources', 'oci', 'manifests'])).code).toBe(4);
  }, 240_000);

  it('get sources helm and reconcile source helm: a chart published after the first fetch is in the index revision the reconcile prints (flux get sources helm columns)', async () => {
    await charts.publishNewChart('demo', '1.0.0');
    const created = await session.gql<{ createHelmRepository: { id: string } }>('mutation($input: HelmRepositoryInput!) { createHelmRepository(input: $input) { id } }', { input: { name: 'charts', url: charts.url, interval: '1h' } });
    expect(created.createHelmRepository.id).toBeTruthy();
    let get: CliRun | undefined;
    for (let i = 0; i < 120; i++) {
      get = await cli(['get', 'sources', 'helm']);
      if (/\tTrue *\t/.test(get.stdout)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const [header, row] = get!.stdout.split('\n');
    expect(header).toMatch(/^NAME {2}\tREVISION +\tSUSPENDED\tREADY\tMESSAGE$/);
    expect(row).toMatch(/^charts\tsha256:[0-9a-f]{64}\tFalse +\tTrue \tstored artifact: revision 'sha256:[0-9a-f]{64}'$/);
    const first = row!.split('\t')[1]!;
    await charts.publishNewChart('other', '0.1.0');
    const rec = await cli(['reconcile', 'source', 'helm', 'charts', '--timeout', '2m']);
    expect(rec.code, rec.stderr).toBe(0);
    expect(rec.stderr).toMatch(/^► annotating HelmRepository charts in flotilla-system namespace\n✔ HelmRepository annotated\n◎ waiting for HelmRepository reconciliation\n✔ fetched revision sha256:[0-9a-f]{64}\n$/);
    expect(rec.stderr).not.toContain(first);
    const json = JSON.parse((await cli(['get', 'sources', 'helm', 'charts', '-o', 'json'])).stdout) as { items: { name: string; type: string; url: string }[] };
    expect(json.items).toMatchObject([{ name: 'charts', type: 'default', url: charts.url }]);
  }, 240_000);

  it('a URL the hub refuses: exit code of a refused input and the hub’s message naming the field; nothing created', async () => {
    const r = await cli(['create', 'source', 'oci', 'bad', '--url', 'https://example.com/x', '--tag', 'v1']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('spec.url');
    const get = await cli(['get', 'sources', 'oci', 'bad']);
    expect(get.code).toBe(4);
  });
});
