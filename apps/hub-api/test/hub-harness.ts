import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import pg from 'pg';
import { AGENT_SOCKET_PATH } from '@flotilla/protocol';
import type { Role } from '@flotilla/prisma/client';
import { AssignmentsService } from '../src/assignments/assignments.service.js';
import { JsonLogger } from '../src/common/logger.js';
import type { AgentRateLimit, HubConfig, IngestionBatching, SourcesConfig } from '../src/config.js';
import { createHub, type Hub } from '../src/create-hub.js';
import { TestClock } from './test-clock.js';
import { DEFAULT_EVENT_RETENTION_MS } from '../src/ingestion/retention-duration.js';

const tempDataDirPrefix = 'flotilla-hub-test-';

/** The bearer token `TestHub.metrics()` scrapes /metrics with. */
export const testMetricsToken = 'test-metrics-token-0123456789';

export const passwords = { admin: 'admin-password-1', operator: 'operator-password-1', viewer: 'viewer-password-1' } as const;
export type TestUser = keyof typeof passwords;

export function testConfig(
  overrides: {
    heartbeatTimeoutMs?: number;
    heartbeatIntervalMs?: number;
    webDistDir?: string;
    /** The helm binary the hub renders proposal diffs with (default: none, so HelmReleases are not rendered). */
    helmBinary?: string;
    /** The render helper (tools/helm-render) the hub renders HelmRelease diffs with; none by default. */
    helmRenderBinary?: string;
    dataDir?: string;
    sources?: SourcesConfig;
    eventRetentionMs?: number;
    auditRetentionMs?: number;
    trustedProxies?: string[];
    agentRateLimit?: AgentRateLimit;
    clusterObjectLimit?: number;
    /** How report batches of several agents share a transaction (the default gathers for 2 ms). */
    ingestBatching?: IngestionBatching;
    objectReadTimeoutMs?: number;
    /** Links this hub's socket.io server with the other hubs on the database (the Postgres adapter). */
    linked?: boolean;
  } = {},
): HubConfig {
  const timeout = overrides.heartbeatTimeoutMs ?? 30_000;
  return {
    http: { host: '127.0.0.1', port: 0, publicUrl: undefined, secureCookies: false, trustedProxies: overrides.trustedProxies ?? [] },
    metrics: { token: testMetricsToken },
    // A fresh data directory per hub: the artifact store lives in <dataDir>/artifacts.
    db: { url: undefined, dataDir: overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), tempDataDirPrefix)) },
    admin: { password: undefined },
    agents: {
      heartbeatTimeoutMs: timeout,
      heartbeatIntervalMs: overrides.heartbeatIntervalMs ?? Math.floor(timeout / 3),
      image: 'registry.example.com/flotilla/agent:test',
      ...(overrides.agentRateLimit === undefined ? {} : { rateLimit: overrides.agentRateLimit }),
      ...(overrides.objectReadTimeoutMs === undefined ? {} : { objectReadTimeoutMs: overrides.objectReadTimeoutMs }),
    },
    auth: { sessionTtlMs: 3_600_000 },
    web: { distDir: overrides.webDistDir ?? '/nonexistent-web-ui-dist' },
    helm: { binary: overrides.helmBinary ?? '/nonexistent-helm', ...(overrides.helmRenderBinary ? { renderHelper: overrides.helmRenderBinary } : {}) },
    log: { level: 'silent' },
    ...(overrides.auditRetentionMs === undefined ? {} : { audit: { retentionMs: overrides.auditRetentionMs } }),
    // A fresh encryption key per hub; the scheduler polls often so tests stay quick.
    sources: {
      secretKey: randomBytes(32).toString('base64'),
      pollIntervalMs: 100,
      ...overrides.sources,
    },
    ...(overrides.linked ? { replicas: { count: 2, adapter: 'postgres' as const } } : {}),
    ...(overrides.eventRetentionMs === undefined && overrides.clusterObjectLimit === undefined && overrides.ingestBatching === undefined
      ? {}
      : {
          ingestion: {
            eventRetentionMs: overrides.eventRetentionMs ?? DEFAULT_EVENT_RETENTION_MS,
            clusterObjectLimit: overrides.clusterObjectLimit,
            ...(overrides.ingestBatching ? { batching: overrides.ingestBatching } : {}),
          },
        }),
  };
}

/** Captures the hub's structured log lines so tests can assert what was logged. */
export class CapturingLogger extends JsonLogger {
  readonly lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  constructor() {
    super('silent');
  }
  override info(msg: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', msg, fields });
  }
  override warn(msg: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', msg, fields });
  }
  override error(msg: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', msg, fields });
  }
}

export interface Session {
  cookie: string;
  csrf: string;
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; reason?: string; field?: string } }[];
}

/** The hub's public edges (login, GraphQL, registration, sockets, /metrics) at a URL: one hub, a replica or a load balancer. */
export class HubClient {
  constructor(readonly url: string) {}

  async login(user: TestUser): Promise<Session> {
    return this.loginWith(user, passwords[user]);
  }

  /** Logs in with any username and password; throws with the refusal's status and code otherwise. */
  async loginWith(username: string, password: string): Promise<Session> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${((await res.json()) as { error?: { code?: string } }).error?.code}`);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = cookies.find((c) => c.startsWith('flotilla_csrf='))!.slice('flotilla_csrf='.length);
    return { cookie: cookies.join('; '), csrf };
  }

  async gql<T = Record<string, unknown>>(
    auth: Session | { bearer: string } | null,
    query: string,
    variables: Record<string, unknown> = {},
    opts: { csrf?: string | null; userAgent?: string } = {},
  ): Promise<GqlResult<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': opts.userAgent ?? 'hub-int-test' };
    if (auth && 'bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
    if (auth && 'cookie' in auth) {
      headers.cookie = auth.cookie;
      const csrf = opts.csrf === undefined ? auth.csrf : opts.csrf;
      if (csrf !== null) headers['x-csrf-token'] = csrf;
    }
    const res = await fetch(`${this.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as Omit<GqlResult<T>, 'status'> & { error?: unknown };
    return { status: res.status, ...body };
  }

  /** The data of a query that must succeed: any GraphQL error fails the test with the errors. */
  async gqlData<T>(auth: Session, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await this.gql<T>(auth, query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  }

  /**
   * A new user whose only access is one team's VIEWER grant on the clusters a selector matches, limited to some
   * namespaces: how scope tests make a user who sees part of the fleet. Created as admin.
   */
  async scopedViewer(grant: { clusterSelector: string; namespaces: string[] }, username = 'appdev'): Promise<Session> {
    const admin = await this.login('admin');
    const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
      const r = await this.gql<T>(admin, query, variables);
      if (!r.data) throw new Error(`scopedViewer: ${JSON.stringify(r.errors)}`);
      return r.data;
    };
    const password = `${username}-password-1`;
    const { createUser } = await ok<{ createUser: { user: { id: string } } }>('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', {
      i: { username, password },
    });
    const { createTeam } = await ok<{ createTeam: { id: string } }>('mutation($n: String!) { createTeam(name: $n) { id } }', { n: `${username}-team` });
    await ok('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: createTeam.id, u: createUser.user.id });
    await ok('mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', { i: { teamId: createTeam.id, role: 'VIEWER', ...grant } });
    return this.loginWith(username, password);
  }

  async createToken(session: Session, clusterName: string, labels: { key: string; value: string }[] = [], ttlSeconds?: number) {
    const r = await this.gql<{
      createRegistrationToken: { token: string; expiresAt: string; agentCommand: string; agentManifests: string; hubUrl: string; agentImage: string; cluster: { id: string } };
    }>(
      session,
      `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token expiresAt agentCommand agentManifests hubUrl agentImage cluster { id } } }`,
      { input: { clusterName, labels, ttlSeconds } },
    );
    if (!r.data) throw new Error(`createRegistrationToken: ${JSON.stringify(r.errors)}`);
    return r.data.createRegistrationToken;
  }

  async register(token: unknown): Promise<{ status: number; body: { clusterId?: string; clusterName?: string; credential?: string; error?: { code: string; message: string } } }> {
    const res = await fetch(`${this.url}/api/agent/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, agentVersion: 'test' }),
    });
    return { status: res.status, body: (await res.json()) as never };
  }

  /** A new cluster with a registered credential. */
  async registeredCluster(session: Session, name: string, labels: { key: string; value: string }[] = []) {
    const t = await this.createToken(session, name, labels);
    const r = await this.register(t.token);
    if (!r.body.credential) throw new Error(`register: ${JSON.stringify(r.body)}`);
    return { clusterId: t.cluster.id, credential: r.body.credential };
  }

  /** An agent's socket at the hub's agent path; `path: '/socket.io'` connects the way agents older than it do. */
  agentSocket(credential: string | undefined, socketPath = AGENT_SOCKET_PATH): Socket {
    return io(`${this.url}/agent`, { path: socketPath, transports: ['websocket'], auth: credential === undefined ? {} : { credential }, reconnection: false, forceNew: true });
  }

  uiSocket(session: Session | null): Socket {
    return io(`${this.url}/ui`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: session ? { cookie: session.cookie } : {},
    });
  }

  async metrics(): Promise<string> {
    const res = await fetch(`${this.url}/metrics`, { headers: { authorization: `Bearer ${testMetricsToken}` } });
    if (res.status !== 200) throw new Error(`/metrics: ${res.status}`);
    return res.text();
  }

  async clusterState(session: Session, id: string) {
    const r = await this.gql<{ cluster: { connectionState: string; kubernetesVersion: string | null; agentVersion: string | null; nodeCount: number | null; lastSeenAt: string | null } | null }>(
      session,
      `query($id: ID!) { cluster(id: $id) { connectionState kubernetesVersion agentVersion nodeCount lastSeenAt } }`,
      { id },
    );
    return r.data?.cluster ?? null;
  }
}

export class TestHub extends HubClient {
  private constructor(
    readonly hub: Hub,
    readonly databaseUrl: string,
    readonly clock: TestClock,
    readonly logger: CapturingLogger,
  ) {
    super(hub.url);
  }

  static async start(databaseUrl: string, overrides: Parameters<typeof testConfig>[0] & { seedUsers?: boolean } = {}): Promise<TestHub> {
    const clock = new TestClock();
    const logger = new CapturingLogger();
    const hub = await createHub(testConfig(overrides), { databaseUrl, clock, logger });
    const t = new TestHub(hub, databaseUrl, clock, logger);
    if (overrides.seedUsers === false) return t;
    await hub.auth.createUser('admin', passwords.admin, 'ADMIN');
    await hub.auth.createUser('operator', passwords.operator, 'OPERATOR');
    await hub.auth.createUser('viewer', passwords.viewer, 'VIEWER');
    return t;
  }

  async stop(): Promise<void> {
    await this.hub.close();
    const dir = this.hub.config.db.dataDir;
    if (path.basename(dir).startsWith(tempDataDirPrefix)) rmSync(dir, { recursive: true, force: true });
  }

  /**
   * A Kustomization placed by name on the given clusters, written straight into the table (its source need not
   * exist), with assignments recomputed so the clusters' documents list it.
   */
  async placeKustomization(id: string, name: string, clusterNames: string[]): Promise<void> {
    await this.sql(`INSERT INTO kustomizations (id, name, spec, placement) VALUES ($1, $2, $3::jsonb, $4::jsonb)`, [
      id,
      name,
      JSON.stringify({ sourceRef: { kind: 'GitRepository', name: 'podinfo' }, path: './apps', interval: '1m', prune: true }),
      JSON.stringify({ clusterSelector: null, clusterNames }),
    ]);
    await this.hub.app.get(AssignmentsService).recompute();
  }

  async sql<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  }}

export const hello = (over: Record<string, unknown> = {}) => ({
  protocolVersion: 1,
  agentVersion: '0.1.0-test',
  kubernetesVersion: 'v1.35.4',
  nodeCount: 3,
  capabilities: [],
  lastGeneration: 0,
  ...over,
});

/** The value of one series (`name{label="x"}`) in a Prometheus text exposition; 0 when absent. */
export function metricValue(text: string, series: string): number {
  return Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1] ?? 0);
}

/** Resolves with the next event's payload (or rejects after a timeout). */
export function next<T = unknown>(socket: Socket, event: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

export async function eventually<T>(fn: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (pred(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type { Role };
