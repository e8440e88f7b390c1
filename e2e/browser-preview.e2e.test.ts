import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  binaryPath,
  launchBrowser,
  makeTempDir,
  startCluster,
  startGitServer,
  startPostgres,
  type ManagedProcess,
  type TestBrowser,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { lightAndDarkViolations } from './support/axe.js';
import { buildWebUi } from './support/build-web-ui.js';
import { runFlotilla, type CliRun } from './support/cli-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { sopsAgeSecretManifests, sopsFixture as sops } from './support/sops-fixtures.js';
import { createRegistrationToken, loginAsAdmin } from './support/hub-session.js';

// Preview in the browser with real parts: the hub (`pnpm start`) on a real Postgres, a real git server, a real
// kube-apiserver with the real agent, and Chromium running the built web UI. The preview renders the
// Kustomization in the page (the agent's pipeline, bundled for the browser) from what the hub holds, with no
// call to the cluster: its output is byte for byte what `flotilla build kustomization` prints (which the CLI's
// own e2e checks against the objects the agent applied and against `flux build ks`); a SOPS Secret is masked
// as `flux build` masks it, and decrypted with a pasted age key that never leaves the page; an edit in the
// form shows as a changed field against what the cluster runs; an older tag or commit picked as the source
// revision is fetched by the hub and built, against what the cluster runs, byte for byte what the CLI prints
// once the hub holds that revision; a user who may not see the cluster
// is refused.
const run = promisify(execFile);
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  greeting: "${greeting}"\n  cluster: "${cluster_name}"\n';
const SECRET_PLAINTEXT = 'plain-in-metadata-but-encrypted-here';

describe('preview in the browser with a real hub, cluster, agent and Chromium', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let hub: RunningHub;
  let agent: ManagedProcess;
  let browser: TestBrowser;
  let page: Page;
  let home = '';
  let env: Record<string, string> = {};
  let ksId = '';
  let v1 = '';
  const sent: string[] = [];
  const cli = (args: string[]): Promise<CliRun> => runFlotilla(args, { home, env });
  const kubectl = async (...args: string[]) => (await run(await binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout.trim();
  const shot = (name: string) => browser.screenshot(page, name);

  /** Renders the preview with what the page holds and returns the built YAML. */
  const renderPreview = async (scope: ReturnType<Page['locator']> | Page = page): Promise<string> => {
    const result = scope.getByTestId('preview-result');
    const before = (await result.count()) > 0 ? await result.getAttribute('data-rendered-at') : null;
    await scope.getByRole('button', { name: 'Render preview' }).click();
    // Each render stamps its result; wait for a new stamp (or the error) rather than the previous result.
    const done = async (): Promise<boolean> => {
      if ((await scope.getByText('Could not render the preview').count()) > 0) return true;
      const stamp = (await result.count()) > 0 ? await result.getAttribute('data-rendered-at') : null;
      return stamp !== null && stamp !== before;
    };
    await expect.poll(done, { timeout: 60_000 }).toBe(true);
    expect(await scope.getByText('Could not render the preview').count()).toBe(0);
    return (await scope.getByTestId('preview-output').textContent()) ?? '';
  };

  beforeAll(async () => {
    buildWebUi();
    home = await makeTempDir('browser-preview');
    [pg, git, cluster] = await Promise.all([startPostgres(), startGitServer(), startCluster({ name: 'preview', nodes: 0 })]);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 10_000 });
    const session = await loginAsAdmin(hub.url, hub.adminPassword);
    const { createApiToken } = await session.gql<{ createApiToken: { token: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: 'preview', role: 'OPERATOR' } },
    );
    env = { FLOTILLA_HUB: hub.url, FLOTILLA_TOKEN: createApiToken.token };
    const registration = await createRegistrationToken(session, 'edge', { env: 'dev' });
    await session.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', { i: { username: 'nobody', password: 'nobody-password-1' } });
    await session.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', { i: { username: 'vic', password: 'vic-password-123', role: 'VIEWER' } });
    // Viewers through teams: one on the prod clusters only, one on the dev clusters but another namespace.
    for (const [team, user, grant] of [
      ['prod-viewers', 'pat', { clusterSelector: 'env=prod' }],
      ['dev-other-ns', 'dana', { clusterSelector: 'env=dev', namespaces: ['other'] }],
    ] as const) {
      const { createUser } = await session.gql<{ createUser: { user: { id: string } } }>('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', {
        i: { username: user, password: `${user}-password-123` },
      });
      const { createTeam } = await session.gql<{ createTeam: { id: string } }>('mutation($n: String!) { createTeam(name: $n) { id } }', { n: team });
      await session.gql('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: createTeam.id, u: createUser.user.id });
      await session.gql('mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', { i: { teamId: createTeam.id, role: 'VIEWER', ...grant } });
    }
    agent = startAgent({
      command: registration.agentCommand,
      kubeconfigPath: cluster.kubeconfigPath,
      stateFile: path.join(home, 'credential.json'),
      logDir: home,
      withToken: true,
      extraArgs: ['--cache-dir', path.join(home, 'agent-cache')],
    });
    const keyFile = path.join(home, 'sops-age.yaml');
    await writeFile(keyFile, await sopsAgeSecretManifests());
    await kubectl('apply', '-f', keyFile);
    await git.createRepo('fleet');
    // v1.0.0, an older tag: the ConfigMap with another field, a ConfigMap since removed, no Secret yet.
    v1 = await git.pushFiles(
      'fleet',
      { 'apps/cm.yaml': `${CONFIG_MAP}  release: v1\n`, 'apps/legacy.yaml': CONFIG_MAP.replace('name: demo', 'name: legacy'), 'other/cm.yaml': CONFIG_MAP.replace('name: demo', 'name: other') },
      { tag: 'v1.0.0' },
    );
    await git.pushFiles('fleet', { 'apps/cm.yaml': CONFIG_MAP, 'apps/legacy.yaml': null, 'apps/secret.yaml': await sops('encrypted/partial-regex.yaml') });
    const fleet =
      `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: fleet\n  namespace: flotilla-system\nspec:\n  interval: 10m\n  url: ${git.baseUrl}/fleet.git\n  ref:\n    branch: main\n---\n` +
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flotilla-system\n  annotations:\n    placement.flotilla.dev/clusters: edge\n' +
      'spec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  targetNamespace: default\n  sourceRef:\n    kind: GitRepository\n    name: fleet\n' +
      '  decryption:\n    provider: sops\n    secretRef:\n      name: sops-age\n  postBuild:\n    substitute:\n      greeting: hello\n';
    const imported = await runFlotilla(['import', '-f', '-'], { home, env, stdin: fleet });
    expect(imported.code, imported.stderr).toBe(0);
    const { kustomizations } = await session.gql<{ kustomizations: { id: string; name: string }[] }>('{ kustomizations { id name } }');
    ksId = kustomizations.find((k) => k.name === 'apps')!.id;
    const applied = await cli(['reconcile', 'ks', 'apps', '--with-source', '--timeout', '5m']);
    expect(applied.code, applied.stderr).toBe(0);

    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('request', (r) => sent.push(`${r.url()}\n${r.postData() ?? ''}\n${JSON.stringify(r.headers())}`));
    await page.goto(`${hub.url}/login`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(hub.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('renders the objects in the page (render code loaded on first use), byte for byte what flotilla build kustomization prints, SOPS masked as flux build masks it, nothing changed against the cluster', async () => {
    const built = await cli(['build', 'ks', 'apps', '--cluster', 'edge']);
    expect(built.code, built.stderr).toBe(0);
    await page.goto(`${hub.url}/kustomizations/${ksId}`);
    await page.getByRole('link', { name: 'Preview', exact: true }).click();
    await page.getByRole('heading', { name: 'Preview apps', level: 1 }).waitFor();
    const clusterRequests = sent.length;
    // The render code (kustomize build, SOPS, the artifact reader) is its own chunk, fetched on first use.
    const renderChunk = (r: string) => /\/assets\/render-preview-[^/]+\.js$/.test(r.split('\n')[0]!);
    expect(sent.some(renderChunk)).toBe(false);
    const output = await renderPreview();
    expect(sent.some(renderChunk)).toBe(true);
    expect(output).toBe(built.stdout);
    expect(output).toContain('  cluster: edge\n  greeting: hello\n');
    expect(output).toContain("stringData:\n  api: '**SOPS**'\n");
    expect(output).not.toContain(SECRET_PLAINTEXT);
    // What the cluster runs: the agent applied the same objects (the Secret decrypted).
    const live = JSON.parse(await kubectl('get', 'configmap', 'demo', '-n', 'default', '-o', 'json')) as { data: Record<string, string> };
    expect(live.data).toEqual({ greeting: 'hello', cluster: 'edge' });
    const changes = await page.getByTestId('preview-object').evaluateAll((els) => els.map((e) => `${e.textContent?.split(' ')[0]}=${e.getAttribute('data-change')}`));
    expect(changes).toEqual(['ConfigMap/default/demo=unchanged', 'Secret/default/partial=unchanged']);
    // The page asked the hub only: the assignment and the artifact, nothing of the cluster's API.
    const asked = sent.slice(clusterRequests).map((r) => new URL(r.split('\n')[0]!).pathname);
    expect(asked.filter((p) => p.startsWith('/api/'))).toEqual(['/api/clusters/edge/kustomizations/flotilla-system/apps', '/api/clusters/edge/kustomizations/flotilla-system/apps/artifact']);
    await shot('01-preview');
    expect(await lightAndDarkViolations(page), 'preview page').toEqual([]);
  }, 180_000);

  it('with a pasted age key the Secret is decrypted in the page, as the agent applied it, and the key is sent nowhere', async () => {
    const keyLine = (await sops('keys/test.agekey')).split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'))!;
    await page.getByLabel('Age key (optional)').fill(keyLine);
    const output = await renderPreview();
    expect(output).toContain(`stringData:\n  api: ${SECRET_PLAINTEXT}\n`);
    await page.getByText('SOPS decrypted in this browser').waitFor();
    const live = JSON.parse(await kubectl('get', 'secret', 'partial', '-n', 'default', '-o', 'json')) as { data: Record<string, string> };
    expect(Buffer.from(live.data.api!, 'base64').toString()).toBe(SECRET_PLAINTEXT);
    expect(output).toContain(`  token: ${live.data.token}\n`);
    for (const r of sent) expect(r).not.toContain(keyLine);
    const stored = await page.evaluate(() => {
      const g = globalThis as unknown as { sessionStorage: object; localStorage: object };
      return JSON.stringify({ ...g.sessionStorage }) + JSON.stringify({ ...g.localStorage });
    });
    expect(stored).not.toContain('AGE-SECRET-KEY');
    await shot('02-decrypted');
  }, 120_000);

  it('Preview on cluster… in the form renders the unsaved spec: the edited variable shows as a changed field against what the cluster runs', async () => {
    await page.goto(`${hub.url}/kustomizations/${ksId}/edit`);
    await page.getByLabel('Variable 1 value').fill('bonjour');
    await page.getByRole('button', { name: 'Preview on cluster…' }).click();
    const dialog = page.getByRole('dialog');
    const output = await renderPreview(dialog);
    expect(output).toContain('  greeting: bonjour\n');
    const changed = dialog.locator('[data-testid="preview-object"][data-change="changed"]');
    expect(await changed.count()).toBe(1);
    expect(await changed.locator('summary code').textContent()).toBe('ConfigMap/default/demo');
    const diff = dialog.getByTestId('preview-diff');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('greeting: hello');
    expect(await diff.textContent()).toContain('greeting: bonjour');
    await shot('03-form-preview');
    expect(await lightAndDarkViolations(page), 'form preview dialog').toEqual([]);
    // Nothing was saved: the hub still holds the old value.
    const built = await cli(['build', 'ks', 'apps', '--cluster', 'edge']);
    expect(built.stdout).toContain('  greeting: hello\n');
  }, 120_000);

  it('another path of the same artifact renders it: the cluster’s objects it no longer builds are listed as pruned', async () => {
    await page.goto(`${hub.url}/kustomizations/${ksId}/preview`);
    await page.getByLabel('Path (optional)').fill('./other');
    const output = await renderPreview();
    expect(output).toContain('  name: other\n');
    expect(await page.getByTestId('preview-removed').textContent()).toContain('default_demo__ConfigMap');
  }, 120_000);

  it('Source revision: an older tag is fetched by the hub and built in the page under Flux’s revision (<tag>@sha1:<sha>), diffed against what the cluster runs; the same commit by SHA (sha1:<sha>) builds the same bytes; an unknown tag shows the engine’s message', async () => {
    await page.goto(`${hub.url}/kustomizations/${ksId}/preview`);
    const asked = sent.length;
    await page.getByLabel('Source revision').selectOption('tag');
    await page.getByLabel('Tag', { exact: true }).fill('v1.0.0');
    const atTag = await renderPreview();
    expect(await page.getByTestId('preview-revision').textContent()).toBe(`v1.0.0@sha1:${v1}`);
    expect(atTag).toContain('  greeting: hello\n  release: v1\n');
    expect(atTag).toContain('  name: legacy\n');
    expect(atTag).not.toContain('kind: Secret');
    // Against the cluster, which runs main's head: the ConfigMap changed, one object new, the Secret gone.
    const changes = await page.getByTestId('preview-object').evaluateAll((els) => els.map((e) => `${e.textContent?.split(' ')[0]}=${e.getAttribute('data-change')}`));
    expect(changes).toEqual(['ConfigMap/default/demo=changed', 'ConfigMap/default/legacy=added']);
    expect(await page.getByTestId('preview-removed').textContent()).toContain('default_partial__Secret');
    const diff = page.getByTestId('preview-diff');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('release: v1');
    const live = JSON.parse(await kubectl('get', 'configmap', 'demo', '-n', 'default', '-o', 'json')) as { data: Record<string, string> };
    expect(live.data).toEqual({ greeting: 'hello', cluster: 'edge' });
    const posted = sent.slice(asked).filter((r) => new URL(r.split('\n')[0]!).pathname.endsWith('/artifact-at'));
    expect(posted.map((r) => JSON.parse(r.split('\n')[1]!) as unknown)).toEqual([{ ref: { tag: 'v1.0.0' } }]);
    await shot('04-older-tag');
    expect(await lightAndDarkViolations(page), 'preview of a picked revision').toEqual([]);

    await page.getByLabel('Source revision').selectOption('commit');
    await page.getByLabel('Commit', { exact: true }).fill(v1);
    const atCommit = await renderPreview();
    expect(await page.getByTestId('preview-revision').textContent()).toBe(`sha1:${v1}`);
    expect(atCommit).toBe(atTag);

    // The hub still holds main's head for the cluster: the CLI builds what the cluster runs, unchanged.
    const built = await cli(['build', 'ks', 'apps', '--cluster', 'edge']);
    expect(built.stdout).not.toContain('release: v1');

    await page.getByLabel('Source revision').selectOption('tag');
    await page.getByLabel('Tag', { exact: true }).fill('v9.9.9');
    await page.getByRole('button', { name: 'Render preview' }).click();
    await page.getByText('Could not render the preview').waitFor({ timeout: 60_000 });
    await page.getByText(/couldn't find remote ref "refs\/tags\/v9\.9\.9"/).waitFor();
  }, 180_000);

  it('once the hub holds v1.0.0 for the cluster (the GitRepository’s ref set to that tag), flotilla build kustomization prints byte for byte what the preview built for the picked tag, and the agent applies it', async () => {
    await page.goto(`${hub.url}/kustomizations/${ksId}/preview`);
    await page.getByLabel('Source revision').selectOption('tag');
    await page.getByLabel('Tag', { exact: true }).fill('v1.0.0');
    const picked = await renderPreview();
    const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
      const res = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${env.FLOTILLA_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: T; errors?: unknown };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const { gitRepositories } = await gql<{ gitRepositories: { id: string; name: string; url: string }[] }>('{ gitRepositories { id name url } }');
    const fleet = gitRepositories.find((r) => r.name === 'fleet')!;
    await gql('mutation($id: ID!, $input: GitRepositoryInput!) { updateGitRepository(id: $id, input: $input) { id } }', {
      id: fleet.id,
      input: { namespace: 'flotilla-system', name: 'fleet', url: fleet.url, ref: { tag: 'v1.0.0' }, interval: '10m' },
    });
    const applied = await cli(['reconcile', 'ks', 'apps', '--with-source', '--timeout', '5m']);
    expect(applied.code, applied.stderr).toBe(0);
    const built = await cli(['build', 'ks', 'apps', '--cluster', 'edge']);
    expect(built.code, built.stderr).toBe(0);
    expect(picked).toBe(built.stdout);
    const live = JSON.parse(await kubectl('get', 'configmap', 'demo', '-n', 'default', '-o', 'json')) as { data: Record<string, string> };
    expect(live.data).toEqual({ greeting: 'hello', cluster: 'edge', release: 'v1' });
  }, 420_000);

  it('a viewer may preview; without a role it is 403, and a cluster or namespace out of a team’s grant is answered as missing (404)', async () => {
    const login = async (username: string, password: string) => {
      const res = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      expect(res.status).toBe(200);
      return res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
    };
    const get = (cookie: string, p: string) => fetch(`${hub.url}/api/clusters/edge/kustomizations/flotilla-system/${p}`, { headers: { cookie } });
    const viewer = await login('vic', 'vic-password-123');
    expect((await get(viewer, 'apps')).status).toBe(200);
    expect((await get(viewer, 'apps/artifact')).status).toBe(200);
    const missing = await get(viewer, 'nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: "Kustomization 'nope' not found in 'flotilla-system' namespace" } });
    // Refused as today: no role at all is 403; a cluster or namespace out of sight is answered as missing.
    const nobody = await login('nobody', 'nobody-password-1');
    for (const p of ['apps', 'apps/artifact']) expect((await get(nobody, p)).status).toBe(403);
    const pat = await login('pat', 'pat-password-123');
    for (const p of ['apps', 'apps/artifact']) {
      const res = await get(pat, p);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { message: "cluster 'edge' not found" } });
    }
    const dana = await login('dana', 'dana-password-123');
    for (const p of ['apps', 'apps/artifact']) {
      const res = await get(dana, p);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { message: "Kustomization 'apps' not found in 'flotilla-system' namespace" } });
    }
    expect((await fetch(`${hub.url}/api/clusters/edge/kustomizations/flotilla-system/apps`)).status).toBe(401);
  }, 60_000);
});
