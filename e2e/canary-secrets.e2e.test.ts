import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Page, Response } from 'playwright-core';
import {
  binaryPath,
  launchBrowser,
  makeTempDir,
  repoRoot,
  startCluster,
  startGitServer,
  startPostgres,
  waitFor,
  type ManagedProcess,
  type TestBrowser,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { buildWebUi } from './support/build-web-ui.js';
import { CanarySearch } from './support/canary-search.js';
import { startHub, type RunningHub } from './support/hub-process.js';

// Canary secrets in every credential field the product has, a realistic session with real parts only (the hub
// as `pnpm start` on a real Postgres, git servers with basic and bearer auth, a real kube-apiserver with the real
// agent, SOPS with a real age key, Chromium on the built UI), then a search for every canary, as written and in
// base64/base64url/hex/URL encodings, in: the hub's and the agent's log output, the agent's cache files, the
// cluster's Kubernetes Events, every GraphQL response, /metrics, the audit log and its exports, every UI page's
// HTML, storage and every response it loaded, and every column of every table. The only texts allowed to hold a
// canary are the responses that hand a new secret out once (a created token, the agent command that carries it).

const run = promisify(execFile);
const tag = randomBytes(4).toString('hex');
const plant = (what: string) => `canary-${what}-${tag}-${randomBytes(6).toString('hex')}`;

const AGE_KEY_FILE = path.join(repoRoot, 'packages/reconcile-core/testdata/sops/keys/test.agekey');

interface Gql {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

interface IntrospectedType {
  kind: string;
  name: string | null;
  ofType?: IntrospectedType | null;
}
interface IntrospectedField {
  name: string;
  args: { name: string; type: IntrospectedType; defaultValue: string | null }[];
  type: IntrospectedType;
}

const named = (t: IntrospectedType): IntrospectedType => (t.ofType ? named(t.ofType) : t);

describe('canary secrets: planted in every credential field, found nowhere they do not belong', () => {
  let db: TestPostgres;
  let dbUrl: string;
  let gitBasic: TestGitServer;
  let gitBearer: TestGitServer;
  let cluster: TestCluster;
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;
  let agent: ManagedProcess | undefined;
  let wrongAgent: ManagedProcess | undefined;
  let workDir: string;
  let kubectl: string;
  const ids: Record<string, string> = {};
  let search: CanarySearch;
  /** Planted before the hub starts; the rest are added as the session hands them out. */
  const canaries: Record<string, string> = {
    adminPassword: plant('admin-pw'),
    userPassword: plant('user-pw'),
    wrongGitPassword: plant('wrong-git-pw'),
    wrongClusterGitPassword: plant('wrong-cluster-git-pw'),
    sopsPlaintext: plant('sops-plaintext'),
    metricsToken: plant('metrics-token'),
    urlPassword: plant('url-pw'),
    badRegistrationToken: `flr_${plant('bad-registration-token').replace(/-/g, '_')}`,
    hubSecretKey: randomBytes(32).toString('base64'),
  };
  /** Every GraphQL response body with the canaries it is meant to hold. */
  const responses: { label: string; body: string; allowed: string[] }[] = [];
  let adminAuth: { cookie: string; csrf: string };

  const gql = async (label: string, query: string, variables: Record<string, unknown> = {}, opts: { auth?: { cookie: string; csrf: string } | { bearer: string }; allowed?: string[] } = {}): Promise<Gql> => {
    const auth = opts.auth ?? adminAuth;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if ('bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
    else Object.assign(headers, { cookie: auth.cookie, 'x-csrf-token': auth.csrf });
    const res = await fetch(`${hub.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = await res.text();
    responses.push({ label, body, allowed: opts.allowed ?? [] });
    return JSON.parse(body) as Gql;
  };
  const must = async (label: string, query: string, variables: Record<string, unknown> = {}, opts: Parameters<typeof gql>[3] = {}) => {
    const r = await gql(label, query, variables, opts);
    if (r.errors?.length) throw new Error(`${label}: ${JSON.stringify(r.errors)}`);
    return r.data!;
  };
  const loginFetch = async (username: string, password: string) => {
    const res = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const value = (name: string) => cookies.find((c) => c.startsWith(`${name}=`))!.slice(name.length + 1);
    return { cookie: cookies.join('; '), csrf: value('flotilla_csrf'), session: value('flotilla_session') };
  };
  const kube = async (...args: string[]) => (await run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  const until = <T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000) =>
    waitFor(fn, { timeoutMs, intervalMs: 500, what, ...(agent ? { watch: [hub.process, agent] } : { watch: [hub.process] }) });

  beforeAll(async () => {
    buildWebUi();
    workDir = await makeTempDir('e2e-canary');
    kubectl = await binaryPath('kubectl');
    [db, gitBasic, gitBearer, cluster] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startGitServer({ auth: 'bearer' }), startCluster({ name: 'e2e-canary', nodes: 1 })]);
    Object.assign(canaries, {
      gitPassword: gitBasic.credentials.password,
      gitBasicHeader: gitBasic.authorization!.slice('Basic '.length),
      gitBearerToken: gitBearer.credentials.token,
      ageKey: /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(await readFile(AGE_KEY_FILE, 'utf8'))![0],
    });
    dbUrl = await db.createDatabase({ migrate: false });
    hub = await startHub({
      databaseUrl: dbUrl,
      heartbeatTimeoutMs: 10_000,
      adminPassword: canaries.adminPassword,
      env: { FLOTILLA_SECRET_KEY: canaries.hubSecretKey!, FLOTILLA_METRICS_TOKEN: canaries.metricsToken!, FLOTILLA_LOG_LEVEL: 'debug' },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 300_000);

  afterAll(async () => {
    await agent?.stop();
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), gitBasic?.stop(), gitBearer?.stop(), db?.stop()]);
  });

  it('1. the admin signs in in the browser; a user, an API token and a second session are made and used', async () => {
    await page.goto(hub.url);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(canaries.adminPassword!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
    const cookies = await page.context().cookies();
    const cookie = (name: string) => cookies.find((c) => c.name === name)!.value;
    canaries.adminSessionCookie = cookie('flotilla_session');
    adminAuth = { cookie: `flotilla_session=${cookie('flotilla_session')}; flotilla_csrf=${cookie('flotilla_csrf')}`, csrf: decodeURIComponent(cookie('flotilla_csrf')) };
    // The CSRF token is readable by the page's script by design (double submit), and belongs nowhere else.
    canaries.csrfToken = adminAuth.csrf;

    await must('createUser', `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id username } } }`, { input: { username: 'dana', role: 'OPERATOR', password: canaries.userPassword } });
    const dana = await loginFetch('dana', canaries.userPassword!);
    canaries.userSessionCookie = dana.session;
    const created = (await must('createApiToken', `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token id name } }`, { input: { name: 'canary-ci' } }, {
      auth: dana,
      allowed: ['apiToken'],
    })) as { createApiToken: { token: string } };
    canaries.apiToken = created.createApiToken.token;
    expect(await must('viewer via API token', '{ viewer { username role } }', {}, { auth: { bearer: canaries.apiToken } })).toEqual({ viewer: { username: 'dana', role: 'OPERATOR' } });
    // A wrong password is audited as a failed login: it must be recorded without the password.
    const wrong = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dana', password: canaries.wrongGitPassword }) });
    expect(wrong.status).toBe(401);
  }, 120_000);

  it('2. two GitRepositories with stored credentials (basic, bearer) and a SOPS-encrypted Secret in git become Ready', async () => {
    const sopsBin = await binaryPath('sops');
    const recipient = /public key: (age1[0-9a-z]+)/.exec(await readFile(AGE_KEY_FILE, 'utf8'))![1]!;
    const plain = path.join(workDir, 'secret.yaml');
    await writeFile(plain, `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secret\n  namespace: default\nstringData:\n  password: ${canaries.sopsPlaintext}\n`);
    const { stdout: encrypted } = await run(sopsBin, ['--encrypt', '--age', recipient, '--encrypted-regex', '^(data|stringData)$', plain], { cwd: workDir });
    const basicRepo = await gitBasic.createRepo('fleet');
    await gitBasic.pushFiles('fleet', {
      'apps/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - config.yaml\n  - secret.enc.yaml\n',
      'apps/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: default\ndata:\n  color: blue\n',
      'apps/secret.enc.yaml': encrypted,
      'cluster/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-extra\n  namespace: default\ndata:\n  origin: cluster\n',
    });
    const bearerRepo = await gitBearer.createRepo('platform');
    await gitBearer.pushFiles('platform', { 'infra/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: platform-config\n  namespace: default\ndata:\n  tier: infra\n' });
    const create = async (name: string, url: string, credentials: Record<string, string>) =>
      ((await must(`createGitRepository ${name}`, `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id credentialsKind } }`, { input: { name, url, ref: { branch: 'main' }, interval: '1h', credentials } })) as {
        createGitRepository: { id: string };
      }).createGitRepository.id;
    // Credentials inside a URL are refused at the edge, so they are neither stored nor shown.
    for (const url of [`https://git:${canaries.urlPassword}@127.0.0.1:1/fleet.git`, `ssh://git:${canaries.urlPassword}@127.0.0.1:1/fleet.git`]) {
      const refused = await gql('createGitRepository with credentials in the URL', `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, { input: { name: 'leaky', url } });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    }
    // A typo beside the password: graphql-js would quote the whole credentials object in its error.
    const typo = await gql('createGitRepository with a typo beside the password', `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, {
      input: { name: 'fleet', url: basicRepo, credentials: { username: gitBasic.credentials.username, password: canaries.gitPassword, passwrd: canaries.gitPassword } },
    });
    expect(typo.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    ids.basic = await create('fleet', basicRepo, { username: gitBasic.credentials.username, password: canaries.gitPassword! });
    ids.bearer = await create('platform', bearerRepo, { bearerToken: canaries.gitBearerToken! });
    for (const id of [ids.basic, ids.bearer])
      await until(`GitRepository ${id} Ready`, async () => ((await must('gitRepository', `query($id: ID!) { gitRepository(id: $id) { ready message } }`, { id })) as { gitRepository: { ready: string } }).gitRepository.ready === 'True' || undefined);
  }, 120_000);

  it('3. a cluster registered with a real agent applies both Kustomizations, the Secret decrypted with the age key from the cluster', async () => {
    await kube('create', 'namespace', 'flotilla-system').catch(() => '');
    await kube('-n', 'flotilla-system', 'create', 'secret', 'generic', 'sops-age', `--from-file=identity.agekey=${AGE_KEY_FILE}`);
    const token = (await must('createRegistrationToken', `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token agentCommand agentManifests cluster { id } } }`, {
      input: { clusterName: 'canary-cluster', labels: [{ key: 'env', value: 'canary' }] },
    }, { allowed: ['registrationToken'] })) as { createRegistrationToken: { token: string; agentCommand: string; cluster: { id: string } } };
    canaries.registrationToken = token.createRegistrationToken.token;
    ids.cluster = token.createRegistrationToken.cluster.id;
    const stateFile = path.join(workDir, 'agent-credential.json');
    agent = startAgent({ command: token.createRegistrationToken.agentCommand, kubeconfigPath: cluster.kubeconfigPath, stateFile, logDir: workDir, withToken: true, extraArgs: ['--cache-dir', path.join(workDir, 'agent-cache')] });
    await until('the agent to connect', async () =>
      ((await must('cluster', `query($id: ID!) { cluster(id: $id) { connectionState } }`, { id: ids.cluster })) as { cluster: { connectionState: string } }).cluster.connectionState === 'CONNECTED' || undefined,
    );
    canaries.clusterCredential = (JSON.parse(await readFile(stateFile, 'utf8')) as { credential: string }).credential;
    // A second agent run with a registration token the hub never issued: refused, exit code 2 (registration).
    wrongAgent = startAgent({
      command: token.createRegistrationToken.agentCommand.replace(canaries.registrationToken, canaries.badRegistrationToken!),
      kubeconfigPath: cluster.kubeconfigPath,
      stateFile: path.join(workDir, 'wrong-agent-credential.json'),
      logDir: workDir,
      withToken: true,
      extraArgs: ['--cache-dir', path.join(workDir, 'wrong-agent-cache')],
    });
    expect((await wrongAgent.exited).code).toBe(2);
    search = new CanarySearch(canaries);

    const kustomization = async (name: string, sourceName: string, p: string, extra: Record<string, unknown> = {}) =>
      ((await must(`createKustomization ${name}`, `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`, {
        input: { name, spec: { sourceRef: { kind: 'GitRepository', name: sourceName }, path: p, interval: '10m', prune: true, ...extra }, placement: { clusterSelector: 'env=canary' } },
      })) as { createKustomization: { id: string } }).createKustomization.id;
    ids.apps = await kustomization('apps', 'fleet', './apps', { decryption: { provider: 'sops', secretRef: { name: 'sops-age' } } });
    ids.platform = await kustomization('platform', 'platform', './infra');
    for (const id of [ids.apps, ids.platform])
      await until(`Kustomization ${id} Ready on the cluster`, async () => {
        const k = (await must('kustomization', `query($id: ID!) { kustomization(id: $id) { clusters { ready message } } }`, { id })) as { kustomization: { clusters: { ready: string }[] } };
        return k.kustomization.clusters[0]?.ready === 'True' || undefined;
      });
    const secret = JSON.parse(await kube('-n', 'default', 'get', 'secret', 'app-secret', '-o', 'json')) as { data: { password: string } };
    expect(Buffer.from(secret.data.password, 'base64').toString('utf8')).toBe(canaries.sopsPlaintext);
  }, 240_000);

  it('3b. Flux objects applied to the cluster fetch with credentials Secrets: a wrong password first (an auth error), then the right one', async () => {
    const manifests = (password: string) => `apiVersion: v1
kind: Secret
metadata:
  name: cluster-git-basic
  namespace: flotilla-system
stringData:
  username: ${gitBasic.credentials.username}
  password: ${password}
---
apiVersion: v1
kind: Secret
metadata:
  name: cluster-git-bearer
  namespace: flotilla-system
stringData:
  bearerToken: ${canaries.gitBearerToken}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: cluster-fleet
  namespace: flotilla-system
spec:
  interval: 1m
  url: ${gitBasic.baseUrl}/fleet.git
  ref: { branch: main }
  secretRef: { name: cluster-git-basic }
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: cluster-platform
  namespace: flotilla-system
spec:
  interval: 1m
  url: ${gitBearer.baseUrl}/platform.git
  ref: { branch: main }
  secretRef: { name: cluster-git-bearer }
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: cluster-extra
  namespace: flotilla-system
spec:
  interval: 1m
  path: ./cluster
  prune: true
  sourceRef: { kind: GitRepository, name: cluster-fleet }
`;
    const file = path.join(workDir, 'cluster-flux.yaml');
    const ready = async (resource: string, name: string) => {
      const o = JSON.parse(await kube('-n', 'flotilla-system', 'get', resource, name, '-o', 'json').catch(() => '{}')) as { status?: { conditions?: { type: string; status: string; message: string }[] } };
      return o.status?.conditions?.find((c) => c.type === 'Ready');
    };
    await writeFile(file, manifests(canaries.wrongClusterGitPassword!));
    await kube('apply', '-f', file);
    const failed = await until('the in-cluster fetch with the wrong password to fail', async () => {
      const r = await ready('gitrepositories.source.toolkit.fluxcd.io', 'cluster-fleet');
      return r?.status === 'False' ? r : undefined;
    });
    expect(failed.message).toMatch(/auth|401|credential/i);
    await writeFile(file, manifests(canaries.gitPassword!));
    await kube('apply', '-f', file);
    await kube('-n', 'flotilla-system', 'annotate', '--overwrite', 'gitrepositories.source.toolkit.fluxcd.io', 'cluster-fleet', `reconcile.fluxcd.io/requestedAt=${new Date().toISOString()}`);
    for (const [resource, name] of [
      ['gitrepositories.source.toolkit.fluxcd.io', 'cluster-fleet'],
      ['gitrepositories.source.toolkit.fluxcd.io', 'cluster-platform'],
      ['kustomizations.kustomize.toolkit.fluxcd.io', 'cluster-extra'],
    ] as const)
      await until(`${name} Ready in the cluster`, async () => ((await ready(resource, name))?.status === 'True' ? true : undefined));
    // The hub hears of them from the agent (objects of origin cluster).
    await until('the hub to list the cluster-origin objects', async () => {
      const r = (await must('fluxObjects', `query($c: ID!) { fluxObjects(filter: { clusterId: $c }, first: 200) { edges { node { name origin } } } }`, { c: ids.cluster })) as {
        fluxObjects: { edges: { node: { name: string; origin: string } }[] };
      };
      const names = r.fluxObjects.edges.map((e) => e.node.name);
      return ['cluster-fleet', 'cluster-platform', 'cluster-extra'].every((n) => names.includes(n)) || undefined;
    });
  }, 180_000);

  it('4. the git credentials go wrong once (an auth error, reported as such) and are put right again', async () => {
    const update = (password: string) =>
      must('updateGitRepository', `mutation($id: ID!, $input: GitRepositoryInput!) { updateGitRepository(id: $id, input: $input) { id } }`, {
        id: ids.basic,
        input: { name: 'fleet', url: `${gitBasic.baseUrl}/fleet.git`, ref: { branch: 'main' }, interval: '1h', credentials: { username: gitBasic.credentials.username, password } },
      });
    const state = async () => ((await must('gitRepository', `query($id: ID!) { gitRepository(id: $id) { ready message } }`, { id: ids.basic })) as { gitRepository: { ready: string; message: string | null } }).gitRepository;
    await update(canaries.wrongGitPassword!);
    await must('requestReconcile', `mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, { input: { kind: 'GitRepository', id: ids.basic } });
    const failed = await until('the fetch to fail', async () => {
      const s = await state();
      return s.ready === 'False' ? s : undefined;
    });
    expect(failed.message ?? '').toMatch(/auth|401|credential/i);
    await update(canaries.gitPassword!);
    await must('requestReconcile', `mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, { input: { kind: 'GitRepository', id: ids.basic } });
    await until('the fetch to recover', async () => ((await state()).ready === 'True' ? true : undefined));
  }, 120_000);

  it('4b. a notification Provider with a secret token, address and header, tested against an address that fails, and a Receiver with its generated token', async () => {
    canaries.providerToken = plant('provider-token');
    canaries.providerHeader = plant('provider-header');
    // A webhook URL with its key in the path, as Slack's are: the secret address.
    canaries.providerAddress = `https://${plant('provider-host')}.invalid/services/${plant('provider-path')}`;
    const created = (await must('createNotificationProvider', `mutation($input: NotificationProviderInput!) { createNotificationProvider(input: $input) { id ready secretKeys } }`, {
      input: { name: 'canary-chat', type: 'generic-hmac', secret: { address: canaries.providerAddress, token: canaries.providerToken, headers: [{ key: 'x-api-key', value: canaries.providerHeader }] } },
    })) as { createNotificationProvider: { id: string; ready: boolean; secretKeys: string[] } };
    expect(created.createNotificationProvider).toMatchObject({ ready: true, secretKeys: ['address', 'token', 'headers'] });
    await must('sendTestNotification', `mutation($id: ID!) { sendTestNotification(providerId: $id) }`, { id: created.createNotificationProvider.id });
    // The attempt fails (the host does not resolve) and lands in the delivery log, which the sweep reads.
    await waitFor(async () => {
      const r = (await must('notificationAttempts', `query($id: ID!) { notificationAttempts(providerId: $id) { error } }`, { id: created.createNotificationProvider.id })) as { notificationAttempts: { error: string | null }[] };
      return r.notificationAttempts.length > 0 ? true : undefined;
    }, { timeoutMs: 15_000, what: 'a delivery attempt of the canary provider' });
    const receiver = (await must('createReceiver', `mutation($input: ReceiverInput!) { createReceiver(input: $input) { token receiver { webhookPath } } }`, {
      input: { name: 'canary-hook', type: 'github', resources: [{ kind: 'GitRepository', name: '*' }] },
    }, { allowed: ['receiverToken'] })) as { createReceiver: { token: string } };
    canaries.receiverToken = receiver.createReceiver.token;
  }, 60_000);

  it('5. every GraphQL query, the audit log and its CSV/JSON exports hold no canary', async () => {
    // Type by type: one introspection of the whole schema is more than the hub's query cost limit allows.
    const typeNames = ((await must('introspection: types', '{ __schema { types { name kind } } }')) as { __schema: { types: { name: string; kind: string }[] } }).__schema.types;
    const typeRef = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
    const types = new Map<string, { fields: IntrospectedField[] | null }>();
    for (const t of typeNames.filter((x) => (x.kind === 'OBJECT' || x.kind === 'INTERFACE') && !x.name.startsWith('__'))) {
      const r = (await must(`introspection: ${t.name}`, `query($n: String!) { __type(name: $n) { fields { name args { name defaultValue type { ${typeRef} } } type { ${typeRef} } } } }`, { n: t.name })) as {
        __type: { fields: IntrospectedField[] | null };
      };
      types.set(t.name, r.__type);
    }
    const required = (f: IntrospectedField) => f.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue === null);
    /** Every field reachable without required arguments, `depth` levels deep. */
    const selection = (typeName: string, depth: number): string => {
      const fields = types.get(typeName)?.fields ?? [];
      const parts: string[] = [];
      for (const f of fields) {
        if (required(f)) continue;
        const t = named(f.type);
        if (t.kind === 'SCALAR' || t.kind === 'ENUM') parts.push(f.name);
        else if ((t.kind === 'OBJECT' || t.kind === 'INTERFACE') && depth > 1) {
          const inner = selection(t.name!, depth - 1);
          if (inner) parts.push(`${f.name} { ${inner} }`);
        }
      }
      return parts.join(' ');
    };
    const query = types.get('Query')!.fields!;
    const byId: Record<string, string> = { cluster: ids.cluster!, gitRepository: ids.basic!, kustomization: ids.apps! };
    let answered = 0;
    for (const f of query) {
      const args = f.name in byId ? `(id: "${byId[f.name]}")` : '';
      if (required(f) && !args) continue;
      const t = named(f.type);
      const leaf = t.kind === 'SCALAR' || t.kind === 'ENUM';
      // Deepest selection the hub's query limits accept.
      for (let depth = 4; depth >= 1; depth--) {
        const r = await gql(`Query.${f.name} depth ${depth}`, `{ ${f.name}${args}${leaf ? '' : ` { ${selection(t.name!, depth)} }`} }`);
        if (!r.errors?.length) {
          answered += 1;
          break;
        }
      }
    }
    // The extra detail queries: the second source and the other Kustomization, the events of each.
    await must('gitRepository platform', `query($id: ID!) { gitRepository(id: $id) { ${selection('GitRepository', 3)} } }`, { id: ids.bearer });
    await must('kustomization platform', `query($id: ID!) { kustomization(id: $id) { ${selection('Kustomization', 3)} } }`, { id: ids.platform });
    for (const id of [ids.apps, ids.platform]) await must('events', `query($id: ID) { events(kustomizationId: $id, first: 1000) { ${selection('ClusterEvent', 2)} } }`, { id });
    // The SOPS Secret read live through the agent, and as last built (decrypted there): its value stays in the cluster.
    const secretLive = (await must(
      'liveObject of the SOPS Secret',
      `query($owner: FluxObjectRefInput!, $target: ManagedObjectRefInput!) { liveObject(owner: $owner, target: $target) { live desired liveComparable desiredComparable } }`,
      { owner: { clusterId: ids.cluster, kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps' }, target: { group: '', kind: 'Secret', namespace: 'default', name: 'app-secret' } },
    )) as { liveObject: { live: string | null; desired: string | null } };
    expect(secretLive.liveObject.live).toContain('redacted by the agent');
    expect(secretLive.liveObject.desired).toContain('redacted by the agent');
    expect(answered).toBeGreaterThanOrEqual(10);
    for (const r of responses) search.search('GraphQL responses', r.label, r.body, r.allowed);

    const metrics = await fetch(`${hub.url}/metrics`, { headers: { authorization: `Bearer ${canaries.metricsToken}` } });
    expect(metrics.status).toBe(200);
    search.search('/metrics', '/metrics', await metrics.text());

    for (const format of ['csv', 'json']) {
      const res = await fetch(`${hub.url}/api/audit/export?format=${format}`, { headers: { cookie: adminAuth.cookie } });
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('cluster.register');
      search.search('audit exports', `audit export ${format}`, body);
    }
  }, 180_000);

  it('6. the main UI pages (HTML, storage and every response they loaded) hold no canary', async () => {
    const loaded: { url: string; body: string }[] = [];
    const onResponse = (res: Response) => {
      void res
        .text()
        .then((body) => loaded.push({ url: res.url(), body }))
        .catch(() => undefined);
    };
    page.on('response', onResponse);
    const pages = [
      '/',
      `/clusters/${ids.cluster}`,
      '/sources',
      `/sources/${ids.basic}`,
      `/sources/${ids.basic}/edit`,
      `/sources/${ids.bearer}/edit`,
      '/kustomizations',
      `/kustomizations/${ids.apps}`,
      '/flux-objects',
      '/images',
      '/proposals',
      '/notifications',
      '/people',
      '/audit',
      '/account',
    ];
    for (const p of pages) {
      await page.goto(`${hub.url}${p}`);
      await page.locator('main h1').first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(1_500);
      search.search('UI pages (HTML)', `HTML of ${p}`, await page.content());
      const storage = await page.evaluate(() => {
        const g = globalThis as unknown as { localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null }; sessionStorage: typeof g.localStorage; document: { cookie: string } };
        const dump = (s: typeof g.localStorage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? '')}`).join('\n');
        return `${dump(g.localStorage)}\n${dump(g.sessionStorage)}\n${g.document.cookie}`;
      });
      search.search('UI pages (storage, cookies readable by JS)', `storage of ${p}`, storage, ['csrfToken']);
      await browser.screenshot(page, `canary-${p.replace(/[^a-z0-9]+/gi, '-')}`);
    }
    // The Provider's edit form: its secret fields start empty, and the page holds no canary with it open.
    await page.goto(`${hub.url}/notifications`);
    await page.getByRole('button', { name: 'Edit canary-chat' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit provider canary-chat' });
    await edit.waitFor();
    for (const field of ['Secret address', 'Token', 'Secret proxy']) expect(await edit.getByLabel(field, { exact: true }).inputValue()).toBe('');
    search.search('UI pages (HTML)', 'HTML of the Provider edit dialog', await page.content());
    await browser.screenshot(page, 'canary-edit-provider');
    page.off('response', onResponse);
    await page.waitForTimeout(500);
    for (const r of loaded) search.search('UI responses (API, JS, CSS)', r.url, r.body);
    expect(loaded.length).toBeGreaterThan(pages.length);
  }, 240_000);

  it('7. Kubernetes Events, the hub and agent logs, and every column of every table hold no canary; 0 leaks in all', async () => {
    // Last, the credential is revoked while the agent runs: it is told so and exits (code 3), logging why.
    await must('revokeClusterCredential', `mutation($id: ID!) { revokeClusterCredential(clusterId: $id) { connectionState } }`, { id: ids.cluster });
    expect((await agent!.exited).code).toBe(3);
    search.search('GraphQL responses', 'revokeClusterCredential', responses.at(-1)!.body);

    const events = JSON.parse(await kube('get', 'events', '-A', '-o', 'json')) as { items: unknown[] };
    expect(events.items.length).toBeGreaterThan(0);
    for (const e of events.items) search.search('Kubernetes Events', 'Event', JSON.stringify(e));

    for (const [name, proc] of [['hub', hub.process], ['agent', agent!], ['agent with a wrong token', wrongAgent!]] as const) {
      const lines = (await readFile(proc.logPath, 'utf8')).split('\n').filter((l) => l.length > 0);
      expect(lines.length).toBeGreaterThan(0);
      for (const [i, line] of lines.entries()) search.search(`${name} log lines`, `${name} log line ${i + 1}`, line);
    }

    // The agent's own disk: its cache (artifacts, report outbox, assignment), but not the credential file it is meant to keep.
    for (const file of (await readdir(path.join(workDir, 'agent-cache'), { recursive: true, withFileTypes: true })).filter((f) => f.isFile())) {
      const full = path.join(file.parentPath, file.name);
      search.search("agent's cache files", full, (await readFile(full)).toString('latin1'));
    }

    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      const tables = (await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)).rows;
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['users', 'sessions', 'api_tokens', 'registration_tokens', 'cluster_credentials', 'git_repositories', 'audit_entries']));
      for (const { table_name } of tables) {
        const rows = (await client.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "${table_name}" t`)).rows;
        for (const [i, r] of rows.entries()) search.search('database rows', `${table_name} row ${i + 1}`, r.row);
      }
    } finally {
      await client.end();
    }
    // The search finds what is there: the places meant to hold a canary hold it, in the form they keep it in.
    const control = new CanarySearch({ clusterCredential: canaries.clusterCredential!, sopsPlaintext: canaries.sopsPlaintext!, apiToken: canaries.apiToken! });
    control.search('control', 'agent state file', await readFile(path.join(workDir, 'agent-credential.json'), 'utf8'));
    control.search('control', 'the decrypted Secret in the cluster (base64 data)', await kube('-n', 'default', 'get', 'secret', 'app-secret', '-o', 'jsonpath={.data}'));
    control.search('control', 'createApiToken response', responses.find((r) => r.label === 'createApiToken')!.body);
    expect(control.leaks.map((l) => l.split(' in ')[0])).toEqual(['clusterCredential (plain)', expect.stringMatching(/^sopsPlaintext \(base64@\d\)$/) as unknown, 'apiToken (plain)']);

    console.log(
      `canary sweep: ${Object.keys(canaries).length} canaries (${Object.keys(canaries).join(', ')}); searched ${search.summary()}; leaks: ${search.leaks.length}`,
    );
    expect(search.leaks).toEqual([]);
  }, 120_000);
});
