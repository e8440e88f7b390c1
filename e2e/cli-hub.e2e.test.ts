import { spawnSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { runFlotilla, type CliRun } from './support/cli-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { createRegistrationToken, loginAsAdmin, type HubSession } from './support/hub-session.js';

// The fleet CLI against a real hub (`pnpm start` on a real Postgres) and a real git server: login keeps the
// token in a 0600 file, every hub command runs as its own process, tables are compared whole, and each failure
// has its documented exit code (2 usage or no login, 3 token refused, 4 not found, 5 hub unreachable, 6 timeout).

describe('flotilla CLI against a hub', () => {
  let pg: TestPostgres;
  let hub: RunningHub;
  let git: TestGitServer;
  let session: HubSession;
  let token = '';
  let home = '';
  let repoUrl = '';
  let revision = '';
  const cli = (args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliRun> => runFlotilla(args, { home, ...opts });

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 30_000 });
    session = await loginAsAdmin(hub.url, hub.adminPassword);
    ({ createApiToken: { token } } = await session.gql<{ createApiToken: { token: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: 'cli-e2e', role: 'ADMIN' } },
    ));
    repoUrl = await git.createRepo('fleet');
    const sha = await git.pushFiles('fleet', { 'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n  namespace: default\ndata:\n  a: "1"\n' });
    revision = `main@sha1:${sha}`;
    home = await makeTempDir('cli-home');
  }, 240_000);

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  it('without a login every hub command says how to log in and exits 2, sending nothing', async () => {
    for (const args of [['get', 'sources', 'git'], ['reconcile', 'ks', 'x'], ['events'], ['version']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('flotilla login --hub');
    }
  });

  it('bad flags and arguments exit 2 with usage help (flux verbs: unknown flag, missing name, bad -o, bad duration)', async () => {
    const cases = [
      ['get', 'ks', '--bogus'],
      ['reconcile', 'source', 'git'],
      ['get', 'sources', 'git', '-o', 'xml'],
      ['reconcile', 'ks', 'x', '--timeout', '5 minutes'],
      ['completion', 'powershell'],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const r = await cli(args, { env: { FLOTILLA_HUB: hub.url, FLOTILLA_TOKEN: token } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/error: |--help/);
    }
  });

  it('--help on every command documents it and the exit codes', async () => {
    for (const args of [['--help'], ['get', 'sources', 'git', '--help'], ['reconcile', 'kustomization', '--help'], ['create', 'source', 'git', '--help'], ['events', '--help'], ['login', '--help']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toContain('Usage: flotilla');
      expect(r.stdout, args.join(' ')).toContain('4  the named object does not exist');
    }
  });

  it('login refuses a wrong token (exit 3) and stores nothing', async () => {
    const r = await cli(['login', '--hub', hub.url, '--token', 'flt_not-a-token']);
    expect(r.code).toBe(3);
    await expect(stat(path.join(home, '.config/flotilla/config.json'))).rejects.toThrow();
  });

  it('login reads the token from stdin and keeps it in a 0600 file in a 0700 directory', async () => {
    const r = await cli(['login', '--hub', `${hub.url}/`], { stdin: `${token}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('logged in to');
    const file = path.join(home, '.config/flotilla/config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ hub: hub.url, token });
  });

  it('version prints the client and the hub', async () => {
    const r = await cli(['version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('flotilla: v0.1.0\nhub: v0.1.0\n');
  });

  it('create source git, reconcile it (waits for the fetch) and get it as a flux table (flux get columns)', async () => {
    const created = await cli(['create', 'source', 'git', 'fleet', '--url', repoUrl, '--branch', 'main', '--interval', '10m']);
    expect(created.code, created.stderr).toBe(0);
    const rec = await cli(['reconcile', 'source', 'git', 'fleet', '--timeout', '2m']);
    expect(rec.code, rec.stderr).toBe(0);
    expect(rec.stderr).toContain(`✔ fetched revision ${revision}`);
    const get = await cli(['get', 'sources', 'git']);
    expect(get.code).toBe(0);
    const message = `stored artifact for revision '${revision}'`;
    expect(get.stdout).toBe(`NAME \tREVISION${' '.repeat(revision.length - 8)}\tSUSPENDED\tREADY\tMESSAGE\nfleet\t${revision}\tFalse    \tTrue \t${message}\n`);
    const all = await cli(['get', 'sources', 'git', '-A']);
    expect(all.stdout.split('\n')[0]).toMatch(/^NAMESPACE {6}\tNAME \tREVISION/);
    expect(all.stdout.split('\n')[1]).toMatch(/^flotilla-system\tfleet\t/);
    const json = JSON.parse((await cli(['get', 'sources', 'git', 'fleet', '-o', 'json'])).stdout) as { items: { name: string; url: string; artifact: { revision: string } }[] };
    expect(json.items).toMatchObject([{ name: 'fleet', url: repoUrl, artifact: { revision } }]);
    expect((await cli(['get', 'sources', 'git', 'fleet', '-o', 'yaml'])).stdout).toContain(`revision: ${revision}`);
  }, 180_000);

  it('a name that does not exist exits 4, in get, reconcile, suspend and delete', async () => {
    for (const args of [['get', 'sources', 'git', 'nope'], ['reconcile', 'source', 'git', 'nope'], ['suspend', 'ks', 'nope'], ['delete', 'source', 'git', 'nope', '-s'], ['get', 'ks', '--cluster', 'nope']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(4);
      expect(r.stderr).toMatch(/not found/);
    }
  });

  it('suspend shows in SUSPENDED, a suspended source is not reconciled (exit 1), resume clears it and waits for Ready (flux.md: resume requests a reconcile and waits)', async () => {
    expect((await cli(['suspend', 'source', 'git', 'fleet'])).code).toBe(0);
    expect((await cli(['get', 'sources', 'git', 'fleet'])).stdout.split('\n')[1]).toMatch(/^fleet\t\S+\tTrue {5}\t/);
    const refused = await cli(['reconcile', 'source', 'git', 'fleet']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('suspended');
    const resumed = await cli(['resume', 'source', 'git', 'fleet', '--timeout', '2m']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(
      /^► resuming GitRepository fleet in flotilla-system namespace\n✔ GitRepository resumed\n◎ waiting for GitRepository reconciliation\n✔ fetched revision main@sha1:[0-9a-f]{40}\n$/,
    );
    expect((await cli(['get', 'sources', 'git', 'fleet'])).stdout.split('\n')[1]).toMatch(/^fleet\t\S+\tFalse {4}\t/);
    expect((await cli(['suspend', 'source', 'git', 'fleet'])).code).toBe(0);
    const noWait = await cli(['resume', 'source', 'git', 'fleet', '--wait=false']);
    expect(noWait.code, noWait.stderr).toBe(0);
    expect(noWait.stderr).toBe('► resuming GitRepository fleet in flotilla-system namespace\n✔ GitRepository resumed\n');
    const badWait = await cli(['resume', 'source', 'git', 'fleet', '--wait=maybe']);
    expect(badWait.code).toBe(2);
    expect(badWait.stderr).toContain('expected true or false');
  }, 180_000);

  it('create kustomization with a placement: one row per cluster with CLUSTER; --selector and --cluster filter', async () => {
    await createRegistrationToken(session, 'edge-1', { env: 'dev' });
    await createRegistrationToken(session, 'edge-2', { env: 'prod' });
    const r = await cli(['create', 'kustomization', 'apps', '--source', 'GitRepository/fleet', '--path', './apps', '--prune', '--cluster-selector', 'env in (dev,prod)']);
    expect(r.code, r.stderr).toBe(0);
    const get = await cli(['get', 'kustomizations']);
    expect(get.stdout).toBe(
      'NAME\tCLUSTER\tREVISION\tSUSPENDED\tREADY  \tMESSAGE\n' +
        'apps\tedge-1 \t        \tFalse    \tUnknown\twaiting for the agent to report\n' +
        'apps\tedge-2 \t        \tFalse    \tUnknown\twaiting for the agent to report\n',
    );
    expect((await cli(['get', 'ks', '--selector', 'env=prod'])).stdout.split('\n').slice(1, -1)).toEqual([expect.stringMatching(/^apps\tedge-2/)]);
    expect((await cli(['get', 'ks', '--cluster', 'edge-1'])).stdout.split('\n').slice(1, -1)).toEqual([expect.stringMatching(/^apps\tedge-1/)]);
    const clusters = await cli(['get', 'clusters', '--selector', 'env=dev']);
    expect(clusters.stdout).toBe('NAME  \tCONNECTION\tAGENT\tKUBERNETES\tLABELS\nedge-1\tPENDING   \t     \t          \tenv=dev\n');
    // An invalid spec is refused by the hub's one definition, naming the field.
    const bad = await cli(['create', 'ks', 'broken', '--source', 'fleet', '--interval', '-1m']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/interval/);
  }, 120_000);

  it('get images repository|policy|update and get proposals print flux\'s image columns', async () => {
    await session.gql('mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }', {
      input: { name: 'app', image: 'registry.invalid/team/app', interval: '1h', suspend: true },
    });
    await session.gql('mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }', {
      input: { name: 'app', imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '>=1.0.0' } } },
    });
    const repos = await cli(['get', 'images', 'repository']);
    expect(repos.code, repos.stderr).toBe(0);
    expect(repos.stdout.split('\n')[0]).toBe('NAME\tLAST SCAN\tSUSPENDED\tREADY  \tMESSAGE');
    expect(repos.stdout.split('\n')[1]).toMatch(/^app \t {9}\tTrue {5}\t\w+ *\t/);
    const policies = await cli(['get', 'images', 'policy', '-o', 'json']);
    expect(JSON.parse(policies.stdout)).toMatchObject({ items: [{ name: 'app', namespace: 'flotilla-system' }] });
    expect((await cli(['get', 'images', 'policy'])).stdout.split('\n')[0]).toMatch(/^NAME\tLATEST IMAGE\tREADY\s*\tMESSAGE$/);
    const updates = await cli(['get', 'images', 'update']);
    expect(updates.code).toBe(0);
    expect(updates.stderr).toBe("no ImageUpdateAutomation objects found in 'flotilla-system' namespace\n");
    const proposals = await cli(['get', 'proposals', '--open']);
    expect(proposals.code).toBe(0);
    expect(proposals.stderr).toContain('no UpdateProposal objects found');
  });

  it('suspend and resume take the other kinds with spec.suspend under flux’s words (image repository, hr, alert-provider…); ImagePolicy has none (exit 2), a missing name exits 4', async () => {
    const resumed = await cli(['resume', 'image', 'repository', 'app']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toBe('► resuming ImageRepository app in flotilla-system namespace\n✔ ImageRepository resumed\n');
    expect((await cli(['get', 'images', 'repository', 'app'])).stdout.split('\n')[1]).toMatch(/^app \t.*\tFalse {4}\t/);
    const suspended = await cli(['suspend', 'image', 'repository', 'app']);
    expect(suspended.stderr).toBe('► suspending ImageRepository app in flotilla-system namespace\n✔ ImageRepository suspended\n');
    expect((await cli(['get', 'images', 'repository', 'app'])).stdout.split('\n')[1]).toMatch(/^app \t.*\tTrue {5}\t/);
    expect((await cli(['suspend', 'image', 'policy', 'app'])).code).toBe(2);
    for (const args of [['suspend', 'hr', 'nope'], ['resume', 'alert-provider', 'nope'], ['suspend', 'source', 'helm', 'nope']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(4);
    }
  }, 120_000);

  it('create alert-provider stores the token (--token-stdin, --token-file) and an address holding a key (--secret-address-file) at the hub, never printed nor exported; --secret-ref, two token sources, an empty token, a missing file or a refused token exit non-zero and create nothing', async () => {
    const dir = await makeTempDir('provider-secret');
    const tokenFile = path.join(dir, 'token');
    const addressFile = path.join(dir, 'address');
    await writeFile(tokenFile, 'tok-from-file-0123\n');
    await writeFile(addressFile, 'https://hooks.slack.com/services/T000/B000/secretkey42\n');
    const secrets = ['xoxb-stdin-secret-9876', 'tok-from-file-0123', 'secretkey42'];
    const keys = async (name: string): Promise<string[] | undefined> =>
      (await session.gql<{ notificationProviders: { name: string; secretKeys: string[] }[] }>('{ notificationProviders { name secretKeys } }', {})).notificationProviders
        .find((p) => p.name === name)
        ?.secretKeys.slice()
        .sort();
    const created = await cli(['create', 'alert-provider', 'vault', '--type', 'slack', '--channel', 'ops', '--token-stdin', '--secret-address-file', addressFile], { stdin: 'xoxb-stdin-secret-9876\n' });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toBe('► creating Provider flotilla-system/vault\n✔ Provider created\n');
    expect(await keys('vault')).toEqual(['address', 'token']);
    const exported = await cli(['export', 'alert-provider', 'vault']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('kind: Provider\n');
    // A secret given again replaces the stored one whole; none given keeps it.
    const updated = await cli(['create', 'alert-provider', 'vault', '--type', 'slack', '--channel', 'ops', '--token-file', tokenFile]);
    expect(updated.stderr).toBe('► updating Provider flotilla-system/vault\n✔ Provider updated\n');
    expect(await keys('vault')).toEqual(['token']);
    const kept = await cli(['create', 'alert-provider', 'vault', '--type', 'slack', '--channel', 'general']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(await keys('vault')).toEqual(['token']);
    const secretRef = await cli(['create', 'alert-provider', 'other', '--type', 'slack', '--secret-ref', 'slack-token']);
    expect(secretRef.code).toBe(2);
    expect(secretRef.stderr).toContain('--secret-ref: the hub has no Secrets to refer to');
    const bad: { args: string[]; stdin?: string; code: number; says: string }[] = [
      { args: ['--token', 'xoxb-stdin-secret-9876', '--token-stdin'], stdin: 'x', code: 2, says: 'give one of --token, --token-file and --token-stdin' },
      { args: ['--token-stdin'], stdin: '\n', code: 2, says: '--token-stdin: stdin: empty' },
      { args: ['--token-file', path.join(dir, 'missing')], code: 2, says: 'ENOENT' },
      { args: ['--token-stdin'], stdin: `xoxb-stdin-secret-9876${'x'.repeat(9000)}`, code: 1, says: 'secret.token is longer than 8192 characters' },
    ];
    for (const b of bad) {
      const r = await cli(['create', 'alert-provider', 'other', '--type', 'slack', ...b.args], b.stdin === undefined ? {} : { stdin: b.stdin });
      expect(r.code, `${b.args.join(' ')}: ${r.stderr}`).toBe(b.code);
      expect(r.stderr).toContain(b.says);
      for (const secret of secrets) expect(r.stdout + r.stderr).not.toContain(secret);
    }
    expect(await keys('other')).toBeUndefined();
    for (const r of [created, exported, updated, kept]) for (const secret of secrets) expect(r.stdout + r.stderr).not.toContain(secret);
    expect((await cli(['delete', 'alert-provider', 'vault', '-s'])).code).toBe(0);
  }, 120_000);

  it('create image repository|policy with flux flags creates then updates; delete removes them; bad flags exit 2', async () => {
    const repo = await cli(['create', 'image', 'repository', 'web', '--image', 'registry.invalid/team/web', '--interval', '5m', '--exclusion-list', '^.*-rc$', '^.*\\.sig$']);
    expect(repo.code, repo.stderr).toBe(0);
    expect(repo.stderr).toBe('► creating ImageRepository flotilla-system/web\n✔ ImageRepository created\n');
    const again = await cli(['create', 'image', 'repository', 'web', '--image', 'registry.invalid/team/web', '--interval', '10m']);
    expect(again.stderr).toBe('► updating ImageRepository flotilla-system/web\n✔ ImageRepository updated\n');
    const policy = await cli(['create', 'image', 'policy', 'web', '--image-ref', 'web', '--select-numeric', 'asc', '--filter-regex', '^main-[a-f0-9]+-(?P<ts>[0-9]+)', '--filter-extract', '$ts']);
    expect(policy.code, policy.stderr).toBe(0);
    const listed = (JSON.parse((await cli(['get', 'images', 'policy', 'web', '-o', 'json'])).stdout) as { items: { imageRepository: string }[] }).items;
    expect(listed).toMatchObject([{ imageRepository: 'flotilla-system/web' }]);
    for (const args of [
      ['create', 'image', 'policy', 'web', '--image-ref', 'web'],
      ['create', 'image', 'policy', 'web', '--image-ref', 'web', '--select-semver', '1.x', '--select-alpha', 'asc'],
      ['create', 'image', 'policy', 'web', '--image-ref', 'web', '--select-alpha', 'up'],
      ['create', 'image', 'repository', 'web'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
    }
    // A value the hub's one definition refuses is reported with the field it names.
    const badInterval = await cli(['create', 'image', 'repository', 'other', '--image', 'registry.invalid/team/other', '--interval', '-1m']);
    expect(badInterval.code).toBe(1);
    expect(badInterval.stderr).toMatch(/interval/);
    expect((await cli(['delete', 'image', 'policy', 'web', '-s'])).code).toBe(0);
    const deleted = await cli(['delete', 'image', 'repository', 'web', '-s']);
    expect(deleted.stderr).toBe('► deleting ImageRepository web in flotilla-system namespace\n✔ ImageRepository deleted\n');
    expect((await cli(['get', 'images', 'repository', 'web'])).code).toBe(4);
    const update = await cli(['create', 'image', 'update', 'web', '--git-repo-ref', 'fleet', '--git-repo-path', './apps', '--checkout-branch', 'main', '--author-name', 'bot', '--author-email', 'bot@example.com', '--interval', '30m']);
    expect(update.code, update.stderr).toBe(0);
    expect(update.stderr).toBe('► creating ImageUpdateAutomation flotilla-system/web\n✔ ImageUpdateAutomation created\n');
    expect((await cli(['create', 'image', 'update', 'web', '--git-repo-ref', 'fleet'])).code).toBe(2);
    const provider = await cli(['create', 'alert-provider', 'team', '--type', 'generic', '--address', 'https://hooks.example.com/flux']);
    expect(provider.code, provider.stderr).toBe(0);
    expect(provider.stderr).toBe('► creating Provider flotilla-system/team\n✔ Provider created\n');
    const alert = await cli(['create', 'alert', 'team', '--provider-ref', 'team', '--event-source', 'Kustomization/*,GitRepository/fleet', '--event-severity', 'error']);
    expect(alert.code, alert.stderr).toBe(0);
    expect(alert.stderr).toBe('► creating Alert flotilla-system/team\n✔ Alert created\n');
    const { alerts } = await session.gql<{ alerts: { name: string; eventSeverity: string; eventSources: { kind: string; name: string }[] }[] }>('{ alerts { name eventSeverity eventSources { kind name } } }', {});
    expect(alerts).toEqual([{ name: 'team', eventSeverity: 'error', eventSources: [{ kind: 'Kustomization', name: '*' }, { kind: 'GitRepository', name: 'fleet' }] }]);
    expect((await cli(['create', 'alert', 'x', '--provider-ref', 'nope', '--event-source', 'Kustomization/*'])).code).toBe(4);
    expect((await cli(['create', 'alert', 'x', '--provider-ref', 'team', '--event-source', 'Kustomization'])).code).toBe(2);
    expect((await cli(['create', 'alert-provider', 'bad', '--type', 'carrier-pigeon'])).code).toBe(1);
    for (const args of [['delete', 'alert', 'team', '-s'], ['delete', 'alert-provider', 'team', '-s'], ['delete', 'image', 'update', 'web', '-s']]) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    for (const args of [['delete', 'image', 'update', 'nope', '-s'], ['delete', 'alert', 'nope', '-s'], ['delete', 'alert-provider', 'nope', '-s'], ['delete', 'receiver', 'nope', '-s']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(4);
      expect(r.stderr).toMatch(/^✗ (ImageUpdateAutomation|Alert|Provider|Receiver) "flotilla-system\/nope" not found\n$/);
    }
  }, 300_000); // about thirty CLI processes in a row: minutes on a loaded two-core machine

  it('reconcile kustomization waits for the clusters and exits 6 when no agent acts within --timeout; one cluster whose agent is away is refused at once (exit 1)', async () => {
    const r = await cli(['reconcile', 'ks', 'apps', '--timeout', '3s']);
    expect(r.code, r.stderr).toBe(6);
    expect(r.stderr).toContain('timed out waiting for Kustomization flotilla-system/apps to be reconciled on');
    const one = await cli(['reconcile', 'ks', 'apps', '--cluster', 'edge-1', '--timeout', '3s']);
    expect(one.code, one.stderr).toBe(1);
    expect(one.stderr).toContain('the agent of cluster edge-1 is not connected: nothing was sent');
  }, 60_000);

  it('events --for an object with no events says so (exit 0); a malformed --for exits 2', async () => {
    const r = await cli(['events', '--for', 'Kustomization/apps']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('no events found\n');
    expect((await cli(['events', '--for', 'apps'])).code).toBe(2);
  });

  it('get --watch prints the table, then the rows that change (flux get --watch)', async () => {
    const { ManagedProcess, repoRoot, waitFor } = await import('@flotilla/testenv');
    const logPath = path.join(home, 'watch.log');
    const watch = ManagedProcess.start({
      name: 'cli-watch',
      command: process.execPath,
      args: ['--import', 'tsx', path.join(repoRoot, 'apps/cli/src/main.ts'), 'get', 'sources', 'git', '--watch', '--interval', '200ms'],
      cwd: path.join(repoRoot, 'apps/cli'),
      logPath,
      env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
    });
    try {
      await waitFor(async () => ((await readFile(logPath, 'utf8')).includes('NAME') ? true : undefined), { timeoutMs: 60_000, what: 'the first table' });
      expect((await cli(['suspend', 'source', 'git', 'fleet'])).code).toBe(0);
      await waitFor(async () => ((await readFile(logPath, 'utf8')).match(/^fleet\t\S+\tTrue /m) ? true : undefined), { timeoutMs: 60_000, what: 'the suspended row' });
    } finally {
      await watch.stop();
      await cli(['resume', 'source', 'git', 'fleet']);
    }
  }, 120_000);

  it('completion bash completes subcommands and flags in a real bash', async () => {
    const script = (await cli(['completion', 'bash'])).stdout;
    const file = path.join(home, 'flotilla.bash');
    await writeFile(file, script);
    const complete = (line: string) => {
      const words = line.split(' ');
      const r = spawnSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _flotilla; echo "\${COMPREPLY[*]}"`], { encoding: 'utf8' });
      return r.stdout.trim().split(' ');
    };
    expect(complete('flotilla rec')).toEqual(['reconcile']);
    expect(complete('flotilla get sources ')).toEqual(['git', 'oci', 'helm', '--help']);
    expect(complete('flotilla reconcile ks apps --with')).toEqual(['--with-source']);
    expect((await cli(['completion', 'zsh'])).stdout).toContain('bashcompinit');
    expect((await cli(['completion', 'fish'])).stdout).toContain('complete -c flotilla');
  });

  it('export prints Flux YAML with the placement annotation; import -f - previews with --dry-run, then updates', async () => {
    const all = await cli(['export']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('kind: GitRepository\nmetadata:\n  name: fleet\n');
    expect(all.stdout).toContain('placement.flotilla.dev/cluster-selector: env in (dev,prod)');
    const one = await cli(['export', 'ks', 'apps']);
    expect(one.stdout.startsWith('apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n')).toBe(true);
    expect((await cli(['export', 'ks'])).code).toBe(2);
    expect((await cli(['export', 'helmchart', 'x'])).code).toBe(2);
    expect((await cli(['export', 'helmrelease', 'x'])).code).toBe(4);
    expect((await cli(['export', 'ks', 'nope'])).code).toBe(4);

    const changed = one.stdout.replace('interval: 1m', 'interval: 7m');
    const preview = await cli(['import', '-f', '-', '--dry-run'], { stdin: changed });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stderr).toBe('► Kustomization flotilla-system/apps would be updated (placement: selector env in (dev,prod))\n');
    expect((await cli(['export', 'ks', 'apps'])).stdout).toBe(one.stdout);
    const applied = await cli(['import', '-f', '-'], { stdin: changed });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('✔ Kustomization flotilla-system/apps updated');
    expect((await cli(['export', 'ks', 'apps'])).stdout).toBe(changed);
  });

  it('import reports each bad document by file line and imports nothing (exit 1); a missing file exits 2', async () => {
    const file = path.join(home, 'bad.yaml');
    await writeFile(file, 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: new-one\nspec:\n  url: https://example.com/x.git\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: web\nspec: {}\n');
    const r = await cli(['import', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`✗ ${file}:9 (document 2): kind: unknown kind "HelmChart"`);
    expect(r.stderr).toContain('nothing was imported');
    expect((await cli(['get', 'sources', 'git', 'new-one'])).code).toBe(4);
    expect((await cli(['import', '-f', path.join(home, 'missing.yaml')])).code).toBe(2);
  });

  it('import -f and export take the OCI and image kinds: a preview without placement, the objects, the same text back', async () => {
    const text = [
      'apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nmetadata:\n  name: cli-oci\nspec:\n  interval: 5m\n  url: oci://ghcr.io/stefanprodan/manifests/podinfo\n  ref:\n    tag: latest\n',
      'apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageRepository\nmetadata:\n  name: cli-repo\nspec:\n  image: ghcr.io/stefanprodan/podinfo\n  interval: 5m\n',
      'apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImagePolicy\nmetadata:\n  name: cli-policy\nspec:\n  imageRepositoryRef:\n    name: cli-repo\n  policy:\n    semver:\n      range: 6.x\n',
    ].join('---\n');
    const preview = await cli(['import', '-f', '-', '--dry-run'], { stdin: text });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stderr).toBe(
      '► OCIRepository flotilla-system/cli-oci would be created\n► ImageRepository flotilla-system/cli-repo would be created\n► ImagePolicy flotilla-system/cli-policy would be created\n',
    );
    expect((await cli(['export', 'imagepolicy', 'cli-policy'])).code).toBe(4);
    const applied = await cli(['import', '-f', '-'], { stdin: text });
    expect(applied.code, applied.stderr).toBe(0);
    const policy = await cli(['export', 'imagepolicy', 'cli-policy']);
    expect(policy.stdout).toBe(
      'apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImagePolicy\nmetadata:\n  name: cli-policy\n  namespace: flotilla-system\nspec:\n  imageRepositoryRef:\n    name: cli-repo\n    namespace: flotilla-system\n  policy:\n    semver:\n      range: 6.x\n',
    );
    const oci = await cli(['export', 'oci', '--all']);
    expect(oci.stdout).toContain('apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: cli-oci\n');
    // The export imported again changes nothing: every object is an update and the text is the same.
    const all = (await cli(['export'])).stdout;
    const again = await cli(['import', '-f', '-'], { stdin: all });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('created');
    expect((await cli(['export'])).stdout).toBe(all);
    const bad = await cli(['import', '-f', '-'], { stdin: text.replace('range: 6.x', 'range: ">=1.0 <<2"') });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('stdin:28 (document 3): spec.policy.semver.range: ');
  });

  it('import -f and export take the Helm kinds: the release placed by its annotation, its overlays kept, the same text back', async () => {
    const text = [
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: cli-charts\nspec:\n  interval: 10m\n  url: https://charts.example.com\n',
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cli-app\n  annotations:\n    placement.flotilla.dev/cluster-selector: env=prod\n    helm.flotilla.dev/values-overlays: |\n      - clusterSelector: region=eu\n        values:\n          replicaCount: 3\n' +
        'spec:\n  interval: 5m\n  chart:\n    spec:\n      chart: app\n      version: 1.x\n      sourceRef:\n        kind: HelmRepository\n        name: cli-charts\n  values:\n    replicaCount: 1\n',
    ].join('---\n');
    const preview = await cli(['import', '-f', '-', '--dry-run'], { stdin: text });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stderr).toBe('► HelmRepository flotilla-system/cli-charts would be created\n► HelmRelease flotilla-system/cli-app would be created (placement: selector env=prod)\n');
    const applied = await cli(['import', '-f', '-'], { stdin: text });
    expect(applied.code, applied.stderr).toBe(0);
    const release = await cli(['export', 'hr', 'cli-app']);
    expect(release.code, release.stderr).toBe(0);
    expect(release.stdout).toContain('kind: HelmRelease\nmetadata:\n  name: cli-app\n  namespace: flotilla-system\n  annotations:\n    placement.flotilla.dev/cluster-selector: env=prod\n');
    expect(release.stdout).toContain('helm.flotilla.dev/values-overlays: |\n      - clusterSelector: region=eu\n        values:\n          replicaCount: 3\n');
    const again = await cli(['import', '-f', '-'], { stdin: (await cli(['export', 'helm', '--all'])).stdout + '---\n' + release.stdout });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('created');
    expect((await cli(['export', 'hr', 'cli-app'])).stdout).toBe(release.stdout);
    const bad = await cli(['import', '-f', '-'], { stdin: text.replace('  values:\n    replicaCount: 1\n', '  valuez: {}\n') });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('spec.valuez: unknown field "valuez"');
    const noInterval = await cli(['import', '-f', '-'], { stdin: text.replace('spec:\n  interval: 5m\n  chart:', 'spec:\n  chart:') });
    expect(noInterval.code).toBe(1);
    expect(noInterval.stderr).toContain('spec.interval: is required');
  });

  it('import -f and export take the notification kinds: the Secrets named are not read (said under each object), the Alert finds its Provider, the same text back', async () => {
    const text = [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: cli-slack\nspec:\n  type: slack\n  channel: general\n  address: https://slack.com/api/chat.postMessage\n  secretRef:\n    name: slack-token\n',
      "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: cli-alert\nspec:\n  providerRef:\n    name: cli-slack\n  eventSeverity: error\n  eventSources:\n  - kind: Kustomization\n    name: '*'\n",
      'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: cli-hook\nspec:\n  type: github\n  events:\n  - push\n  resources:\n  - kind: GitRepository\n    name: fleet\n  secretRef:\n    name: hook-token\n',
    ].join('---\n');
    const preview = await cli(['import', '-f', '-', '--dry-run'], { stdin: text });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stderr).toBe(
      '► Provider flotilla-system/cli-slack would be created\n' +
        '  ⚠ spec.secretRef: the hub does not read Secret slack-token; set them on the hub’s Provider (they are stored encrypted)\n' +
        '► Alert flotilla-system/cli-alert would be created\n' +
        '► Receiver flotilla-system/cli-hook would be created\n' +
        "  ⚠ spec.secretRef: the hub does not read Secret hook-token; it made a new token (so a webhook path other than Flux's): renew the token at the hub to see it and give it to the sender\n",
    );
    const applied = await cli(['import', '-f', '-'], { stdin: text });
    expect(applied.code, applied.stderr).toBe(0);
    const provider = await cli(['export', 'alert-provider', 'cli-slack']);
    expect(provider.stdout).toBe(
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: cli-slack\n  namespace: flotilla-system\nspec:\n  type: slack\n  address: https://slack.com/api/chat.postMessage\n  channel: general\n  secretRef:\n    name: slack-token\n',
    );
    expect((await cli(['export', 'provider', '--all'])).stdout).toBe(provider.stdout);
    expect((await cli(['export', 'alert', 'cli-alert'])).stdout).toContain('spec:\n  providerRef:\n    name: cli-slack\n  eventSeverity: error\n');
    expect((await cli(['export', 'receivers', '--all'])).stdout).toContain('  secretRef:\n    name: hook-token\n');
    const kinds = (await Promise.all(['provider', 'alert', 'receiver'].map((k) => cli(['export', k, '--all'])))).map((r) => r.stdout);
    const again = await cli(['import', '-f', '-'], { stdin: kinds.join('---\n') });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('created');
    expect((await cli(['export', 'alert-provider', 'cli-slack'])).stdout).toBe(provider.stdout);
    const orphan = await cli(['import', '-f', '-'], { stdin: text.split('---\n')[1]!.replace('name: cli-slack', 'name: nowhere') });
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toContain('✗ stdin:7 (document 1): spec.providerRef.name: no Provider flotilla-system/nowhere exists or is imported');
  });

  it('delete asks for -s without a terminal (exit 2), then deletes', async () => {
    expect((await cli(['delete', 'ks', 'apps'])).code).toBe(2);
    const r = await cli(['delete', 'ks', 'apps', '-s']);
    expect(r.code, r.stderr).toBe(0);
    expect((await cli(['get', 'ks', 'apps'])).code).toBe(4);
  });

  it('FLOTILLA_HUB and FLOTILLA_TOKEN override the stored login; a revoked token exits 3; an unreachable hub exits 5', async () => {
    const { createApiToken: other } = await session.gql<{ createApiToken: { id: string; token: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { id token } }',
      { input: { name: 'cli-e2e-viewer', role: 'VIEWER' } },
    );
    expect((await cli(['get', 'sources', 'git'], { env: { FLOTILLA_TOKEN: other.token } })).code).toBe(0);
    const forbidden = await cli(['suspend', 'source', 'git', 'fleet'], { env: { FLOTILLA_TOKEN: other.token } });
    expect(forbidden.code).toBe(3);
    await session.gql('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: other.id });
    expect((await cli(['get', 'sources', 'git'], { env: { FLOTILLA_TOKEN: other.token } })).code).toBe(3);
    const down = await cli(['get', 'sources', 'git'], { env: { FLOTILLA_HUB: 'http://127.0.0.1:9' } });
    expect(down.code).toBe(5);
    expect(down.stderr).toContain('cannot reach the hub at http://127.0.0.1:9');
  });

  it('logout forgets the login', async () => {
    expect((await cli(['logout'])).code).toBe(0);
    await expect(stat(path.join(home, '.config/flotilla/config.json'))).rejects.toThrow();
    expect((await cli(['get', 'sources', 'git'])).code).toBe(2);
  });
});
