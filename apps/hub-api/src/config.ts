import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MAX_MESSAGE_BYTES } from '@flotilla/protocol';
import { DEFAULT_AUDIT_RETENTION_MS, DEFAULT_DELIVERY_RETENTION_MS, DEFAULT_EVENT_RETENTION_MS, parseRetention } from './ingestion/retention-duration.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './auth/password-policy.js';
import { hostListSchema } from './sources/git/source-url-policy.js';
import { builtRenderHelper, findRenderHelper } from './helm/render-helper-path.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Per-agent token buckets for report batches (status, inventory, events): `batchesPerSecond` refill with room
 * for `batchBurst`, and `bytesPerSecond` of JSON payload with room for `byteBurst`. Past either, a message is refused with BATCH_RATE_LIMITED and a retry delay; the
 * agent keeps it in its outbox and sends it again then.
 */
export interface AgentRateLimit {
  batchesPerSecond: number;
  batchBurst: number;
  bytesPerSecond: number;
  byteBurst: number;
}

/**
 * 20 batches/s and 1 MB/s sustained, bursts of 200 batches and 16 MB: an agent resending a full outbox after a
 * reconnect gets through in seconds, a flood (97 MB of events in 3.4 s) is cut to the burst plus the rate.
 */
/** Flux objects found in one cluster that the hub keeps, unless FLOTILLA_CLUSTER_OBJECT_LIMIT says otherwise. */
export const DEFAULT_CLUSTER_OBJECT_LIMIT = 10_000;
export const DEFAULT_AGENT_RATE_LIMIT: AgentRateLimit = { batchesPerSecond: 20, batchBurst: 200, bytesPerSecond: 1_000_000, byteBurst: 16_000_000 };

/** How report batches of many agents are gathered into one transaction (ingestion's README). */
export interface IngestionBatching {
  /** How long a batch arriving at an idle hub waits for others. */
  windowMs: number;
  /** Batches per transaction at most. */
  maxItems: number;
  /** Transactions under way at once (each holds one pooled connection). */
  concurrency: number;
}
export const DEFAULT_INGESTION_BATCHING: IngestionBatching = { windowMs: 2, maxItems: 200, concurrency: 2 };

/** The hub's ingestion batching: the configured one, else the default. */
export const ingestionBatching = (config: HubConfig): IngestionBatching => ({ ...DEFAULT_INGESTION_BATCHING, ...config.ingestion?.batching });

const envSchema = z.object({
  FLOTILLA_HOST: z.string().min(1).default('127.0.0.1'),
  FLOTILLA_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  FLOTILLA_PUBLIC_URL: z.url().optional(),
  FLOTILLA_DATABASE_URL: z.string().min(1).optional(),
  FLOTILLA_DATA_DIR: z.string().min(1).default(path.join(repoRoot, '.flotilla/data')),
  FLOTILLA_ADMIN_PASSWORD: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `FLOTILLA_ADMIN_PASSWORD must have at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `FLOTILLA_ADMIN_PASSWORD must have at most ${PASSWORD_MAX_LENGTH} characters`)
    .optional(),
  FLOTILLA_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  FLOTILLA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).optional(),
  FLOTILLA_SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(24 * 7),
  FLOTILLA_WEB_DIST: z.string().min(1).default(path.join(repoRoot, 'apps/web-ui/dist')),
  FLOTILLA_HELM_BINARY: z.string().min(1).default('helm'),
  /** The render helper (tools/helm-render); unset: the one beside helm, on PATH or built in the cache; `none`: none. */
  FLOTILLA_HELM_RENDER_BINARY: z.string().optional(),
  // The tag deploy/Dockerfile.agent's build command gives. Not `latest`, whose pull policy is Always: an image
  // loaded into the cluster's nodes without a registry (kind load) is then never used.
  FLOTILLA_AGENT_IMAGE: z.string().min(1).default('flotilla/agent:0.1.0'),
  /** How long agent-reported events are kept: `7d` (default), `36h`, `90m`. */
  FLOTILLA_EVENT_RETENTION: z
    .string()
    .optional()
    .refine((v) => v === undefined || parseRetention(v) !== undefined, 'FLOTILLA_EVENT_RETENTION must be a duration like 7d, 36h or 90m'),
  /** How long the notification delivery log keeps finished messages: `7d` (default), `36h`. Pending ones stay. */
  FLOTILLA_NOTIFICATION_DELIVERY_RETENTION: z
    .string()
    .optional()
    .refine((v) => v === undefined || parseRetention(v) !== undefined, 'FLOTILLA_NOTIFICATION_DELIVERY_RETENTION must be a duration like 7d, 36h or 90m'),
  /** How long audit entries are kept: `400d` (default), `90d`, `2160h`. */
  FLOTILLA_AUDIT_RETENTION: z
    .string()
    .optional()
    .refine((v) => v === undefined || parseRetention(v) !== undefined, 'FLOTILLA_AUDIT_RETENTION must be a duration like 400d, 90d or 2160h'),
  FLOTILLA_SECRET_KEY: z.string().min(1).optional(),
  FLOTILLA_ARTIFACTS_DIR: z.string().min(1).optional(),
  /** How many hub replicas share the database (the Helm chart sets it); above 1 the Postgres socket adapter is on. */
  FLOTILLA_REPLICAS: z.coerce.number().int().min(1).max(1_000).default(1),
  /** `postgres` links the socket.io servers of all replicas; `memory` keeps events in this process. */
  FLOTILLA_SOCKET_ADAPTER: z.enum(['postgres', 'memory']).optional(),
  /** `s3` stores artifacts in an S3-compatible bucket instead of the data directory. */
  FLOTILLA_ARTIFACT_STORE: z.enum(['fs', 's3']).default('fs'),
  FLOTILLA_S3_BUCKET: z.string().min(3).max(63).optional(),
  FLOTILLA_S3_ENDPOINT: z.url().optional(),
  FLOTILLA_S3_REGION: z.string().min(1).default('us-east-1'),
  FLOTILLA_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  /** Key prefix inside the bucket, e.g. `flotilla/` when the bucket is shared. */
  FLOTILLA_S3_PREFIX: z.string().max(200).regex(/^([A-Za-z0-9._-]+\/)*$/, 'FLOTILLA_S3_PREFIX must be empty or path segments ending in /').default(''),
  FLOTILLA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  FLOTILLA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** A file holding `access_key_id` and `secret_access_key` lines (a mounted Secret); read at start. */
  FLOTILLA_S3_CREDENTIALS_FILE: z.string().min(1).optional(),
  FLOTILLA_SOURCE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Hosts sources may be fetched from beyond public addresses: IPs, CIDRs, host names, `*.domain`, `*`. */
  FLOTILLA_SOURCE_ALLOW_HOSTS: hostListSchema('FLOTILLA_SOURCE_ALLOW_HOSTS'),
  /** Hosts sources may never be fetched from, even when allowed or public. */
  FLOTILLA_SOURCE_DENY_HOSTS: hostListSchema('FLOTILLA_SOURCE_DENY_HOSTS'),
  /** How many Flux objects found in one cluster (origin cluster) the hub keeps; items beyond are refused. */
  FLOTILLA_CLUSTER_OBJECT_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_CLUSTER_OBJECT_LIMIT),
  /** How long a report batch reaching an idle hub waits for other agents' batches to share its transaction. */
  FLOTILLA_INGEST_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(1_000).default(DEFAULT_INGESTION_BATCHING.windowMs),
  /** Report batches per ingestion transaction at most. */
  FLOTILLA_INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(5_000).default(DEFAULT_INGESTION_BATCHING.maxItems),
  FLOTILLA_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Proxies whose X-Forwarded-* headers are believed: comma-separated addresses, CIDRs or `loopback`. */
  FLOTILLA_TRUSTED_PROXIES: z
    .string()
    .optional()
    .refine((v) => v === undefined || trustedProxyList(v).every(isProxyEntry), 'FLOTILLA_TRUSTED_PROXIES must list IP addresses, CIDRs, loopback, linklocal or uniquelocal'),
  /** Bearer token a Prometheus scrape sends to /metrics. */
  FLOTILLA_METRICS_TOKEN: z.string().min(16, 'FLOTILLA_METRICS_TOKEN must have at least 16 characters').optional(),
  FLOTILLA_AGENT_RATE_BATCHES: z.coerce.number().positive().default(DEFAULT_AGENT_RATE_LIMIT.batchesPerSecond),
  FLOTILLA_AGENT_RATE_BATCH_BURST: z.coerce.number().int().min(1).default(DEFAULT_AGENT_RATE_LIMIT.batchBurst),
  FLOTILLA_AGENT_RATE_BYTES: z.coerce.number().int().min(1_000).default(DEFAULT_AGENT_RATE_LIMIT.bytesPerSecond),
  FLOTILLA_AGENT_RATE_BYTE_BURST: z.coerce
    .number()
    .int()
    .min(MAX_MESSAGE_BYTES, `FLOTILLA_AGENT_RATE_BYTE_BURST must be at least ${MAX_MESSAGE_BYTES} (one message of the largest size)`)
    .default(DEFAULT_AGENT_RATE_LIMIT.byteBurst),
  /** OpenID Connect login: all of issuer, client id and secret, or none. */
  FLOTILLA_OIDC_ISSUER_URL: z.url().optional(),
  FLOTILLA_OIDC_CLIENT_ID: z.string().min(1).optional(),
  FLOTILLA_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  FLOTILLA_OIDC_REDIRECT_URL: z.url().optional(),
  FLOTILLA_OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  FLOTILLA_OIDC_DEFAULT_ROLE: z.enum(['none', 'viewer']).default('viewer'),
}).refine((e) => e.FLOTILLA_ARTIFACT_STORE !== 's3' || e.FLOTILLA_S3_BUCKET !== undefined, {
  message: 'FLOTILLA_ARTIFACT_STORE=s3 needs FLOTILLA_S3_BUCKET',
  path: ['FLOTILLA_S3_BUCKET'],
}).refine(
  (e) => (e.FLOTILLA_S3_ACCESS_KEY_ID === undefined) === (e.FLOTILLA_S3_SECRET_ACCESS_KEY === undefined),
  { message: 'FLOTILLA_S3_ACCESS_KEY_ID and FLOTILLA_S3_SECRET_ACCESS_KEY go together', path: ['FLOTILLA_S3_ACCESS_KEY_ID'] },
).refine(
  (e) => [e.FLOTILLA_OIDC_ISSUER_URL, e.FLOTILLA_OIDC_CLIENT_ID, e.FLOTILLA_OIDC_CLIENT_SECRET].every((v) => v === undefined) ||
    [e.FLOTILLA_OIDC_ISSUER_URL, e.FLOTILLA_OIDC_CLIENT_ID, e.FLOTILLA_OIDC_CLIENT_SECRET].every((v) => v !== undefined),
  { message: 'OIDC login needs FLOTILLA_OIDC_ISSUER_URL, FLOTILLA_OIDC_CLIENT_ID and FLOTILLA_OIDC_CLIENT_SECRET together', path: ['FLOTILLA_OIDC_ISSUER_URL'] },
);

const trustedProxyList = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const isProxyEntry = (entry: string): boolean => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || isIP(address ?? '') === 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address!) === 4 ? 32 : 128));
};

/** Sign-in through an OpenID provider (authorization code with PKCE), besides the local accounts. */
export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  /** The claim holding the user's groups; each names the team they are a member of. */
  groupsClaim: string;
  /** The own role of a user created at their first sign-in. */
  defaultRole: 'VIEWER' | null;
}

export interface HubConfig {
  http: {
    host: string;
    port: number;
    publicUrl: string | undefined;
    secureCookies: boolean;
    /** Proxies whose X-Forwarded-For names the client (Express `trust proxy`); none when absent or empty. */
    trustedProxies?: string[];
  };
  /** `/metrics` also answers this bearer token (for Prometheus); admins' sessions and API tokens always work. */
  metrics?: { token: string | undefined };
  db: { url: string | undefined; dataDir: string };
  admin: { password: string | undefined };
  agents: {
    heartbeatTimeoutMs: number;
    heartbeatIntervalMs: number;
    image: string;
    rateLimit?: AgentRateLimit;
    /** How long the hub waits for an agent's answer to a live-object read; default DEFAULT_OBJECT_READ_TIMEOUT_MS. */
    objectReadTimeoutMs?: number;
    /** How long the hub waits for an agent's answer to a Kustomization diff; default DEFAULT_KUSTOMIZATION_DIFF_TIMEOUT_MS. */
    kustomizationDiffTimeoutMs?: number;
  };
  auth: { sessionTtlMs: number; oidc?: OidcConfig };
  /** Optional so configs built in code (tests) may leave it out; default DEFAULT_AUDIT_RETENTION_MS. */
  audit?: { retentionMs: number };
  web: { distDir: string };
  /**
   * The helm binary the hub renders HelmReleases' charts with for proposal diffs (a path, or a name on PATH;
   * default `helm`), and the render helper that renders them faster when there is one (see helm-template.ts).
   */
  helm?: { binary: string; renderHelper?: string };
  log: { level: 'debug' | 'info' | 'warn' | 'error' | 'silent' };
  /** Agent reports; optional so configs built in code (tests) may leave it out. */
  ingestion?: { eventRetentionMs: number; clusterObjectLimit?: number; batching?: IngestionBatching };
  /** Optional so configs built in code (tests) may leave it out; default DEFAULT_DELIVERY_RETENTION_MS. */
  notifications?: { deliveryRetentionMs: number };
  /** Sources. Optional so older call sites keep compiling; every field has a default (see sources/sources.config.ts). */
  sources?: SourcesConfig;
  /** Several hub processes on one database. Optional: absent means one process, in-memory socket adapter. */
  replicas?: { count: number; adapter: 'postgres' | 'memory' };
}

/** Where artifacts are kept when not in the filesystem store. Credentials absent: the AWS SDK's default chain (env, web identity, instance role). */
export interface S3StoreConfig {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  prefix: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Read at start instead of `credentials`. */
  credentialsFile?: string;
}

export interface SourcesConfig {
  /** FLOTILLA_SECRET_KEY (base64, 32 bytes); else a dev key kept in `<dataDir>/secret.key`. */
  secretKey?: string;
  /** Artifact store root; default `<dataDir>/artifacts`. */
  artifactsDir?: string;
  /** When set, artifacts live in this S3-compatible bucket and `artifactsDir` is unused. */
  s3?: S3StoreConfig;
  /** Run the fetch scheduler in this process (default true). */
  scheduler?: boolean;
  /** Parallel fetches per hub replica (default 4). */
  concurrency?: number;
  /** How often an idle scheduler looks for due sources (default 1000 ms); requests wake it at once. */
  pollIntervalMs?: number;
  /** Artifact garbage collection period (default 10 min). */
  gcIntervalMs?: number;
  /**
   * Source URL policy: hosts allowed beyond public addresses and hosts always refused (IPs, CIDRs, names).
   * Loopback is allowed on its own only when the hub itself listens on loopback alone.
   */
  allowHosts?: string[];
  denyHosts?: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; everything else receives the typed HubConfig. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  // An empty variable means "not set" (compose files and shells produce them), not an invalid value.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const timeout = e.FLOTILLA_HEARTBEAT_TIMEOUT_MS;
  return {
    http: {
      host: e.FLOTILLA_HOST,
      port: e.FLOTILLA_PORT,
      publicUrl: e.FLOTILLA_PUBLIC_URL?.replace(/\/$/, ''),
      secureCookies: e.FLOTILLA_PUBLIC_URL?.startsWith('https:') ?? false,
      trustedProxies: e.FLOTILLA_TRUSTED_PROXIES === undefined ? [] : trustedProxyList(e.FLOTILLA_TRUSTED_PROXIES),
    },
    metrics: { token: e.FLOTILLA_METRICS_TOKEN },
    // `pnpm start` runs the hub in apps/hub-api; a relative path means what it meant where the user typed
    // it, which pnpm passes on as INIT_CWD.
    db: { url: e.FLOTILLA_DATABASE_URL, dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), e.FLOTILLA_DATA_DIR) },
    admin: { password: e.FLOTILLA_ADMIN_PASSWORD },
    // Three heartbeats fit in one timeout, so a single lost packet never marks a cluster Disconnected.
    agents: {
      heartbeatTimeoutMs: timeout,
      heartbeatIntervalMs: e.FLOTILLA_HEARTBEAT_INTERVAL_MS ?? Math.max(100, Math.floor(timeout / 3)),
      image: e.FLOTILLA_AGENT_IMAGE,
      rateLimit: {
        batchesPerSecond: e.FLOTILLA_AGENT_RATE_BATCHES,
        batchBurst: e.FLOTILLA_AGENT_RATE_BATCH_BURST,
        bytesPerSecond: e.FLOTILLA_AGENT_RATE_BYTES,
        byteBurst: e.FLOTILLA_AGENT_RATE_BYTE_BURST,
      },
    },
    auth: {
      sessionTtlMs: e.FLOTILLA_SESSION_TTL_HOURS * 3_600_000,
      ...(e.FLOTILLA_OIDC_ISSUER_URL && e.FLOTILLA_OIDC_CLIENT_ID && e.FLOTILLA_OIDC_CLIENT_SECRET
        ? {
            oidc: {
              issuerUrl: e.FLOTILLA_OIDC_ISSUER_URL,
              clientId: e.FLOTILLA_OIDC_CLIENT_ID,
              clientSecret: e.FLOTILLA_OIDC_CLIENT_SECRET,
              redirectUrl:
                e.FLOTILLA_OIDC_REDIRECT_URL ??
                `${e.FLOTILLA_PUBLIC_URL?.replace(/\/$/, '') ?? `http://${e.FLOTILLA_HOST.includes(':') ? `[${e.FLOTILLA_HOST}]` : e.FLOTILLA_HOST}:${e.FLOTILLA_PORT}`}/api/auth/oidc/callback`,
              groupsClaim: e.FLOTILLA_OIDC_GROUPS_CLAIM,
              defaultRole: e.FLOTILLA_OIDC_DEFAULT_ROLE === 'viewer' ? ('VIEWER' as const) : null,
            },
          }
        : {}),
    },
    audit: { retentionMs: e.FLOTILLA_AUDIT_RETENTION === undefined ? DEFAULT_AUDIT_RETENTION_MS : parseRetention(e.FLOTILLA_AUDIT_RETENTION)! },
    web: { distDir: e.FLOTILLA_WEB_DIST },
    helm: ((renderHelper) => ({ binary: e.FLOTILLA_HELM_BINARY, ...(renderHelper ? { renderHelper } : {}) }))(findRenderHelper(e.FLOTILLA_HELM_BINARY, e.FLOTILLA_HELM_RENDER_BINARY, env.PATH, builtRenderHelper(repoRoot, env))),
    log: { level: e.FLOTILLA_LOG_LEVEL },
    ingestion: {
      eventRetentionMs: e.FLOTILLA_EVENT_RETENTION === undefined ? DEFAULT_EVENT_RETENTION_MS : parseRetention(e.FLOTILLA_EVENT_RETENTION)!,
      clusterObjectLimit: e.FLOTILLA_CLUSTER_OBJECT_LIMIT,
      batching: { ...DEFAULT_INGESTION_BATCHING, windowMs: e.FLOTILLA_INGEST_BATCH_WINDOW_MS, maxItems: e.FLOTILLA_INGEST_BATCH_MAX },
    },
    notifications: {
      deliveryRetentionMs:
        e.FLOTILLA_NOTIFICATION_DELIVERY_RETENTION === undefined
          ? DEFAULT_DELIVERY_RETENTION_MS
          : parseRetention(e.FLOTILLA_NOTIFICATION_DELIVERY_RETENTION)!,
    },
    replicas: { count: e.FLOTILLA_REPLICAS, adapter: e.FLOTILLA_SOCKET_ADAPTER ?? (e.FLOTILLA_REPLICAS > 1 ? 'postgres' : 'memory') },
    sources: {
      secretKey: e.FLOTILLA_SECRET_KEY,
      artifactsDir: e.FLOTILLA_ARTIFACTS_DIR,
      ...(e.FLOTILLA_ARTIFACT_STORE === 's3' && e.FLOTILLA_S3_BUCKET
        ? {
            s3: {
              bucket: e.FLOTILLA_S3_BUCKET,
              region: e.FLOTILLA_S3_REGION,
              endpoint: e.FLOTILLA_S3_ENDPOINT,
              // A custom endpoint (versitygw, MinIO, Ceph) rarely serves virtual-host buckets; AWS itself does.
              forcePathStyle: e.FLOTILLA_S3_FORCE_PATH_STYLE === undefined ? e.FLOTILLA_S3_ENDPOINT !== undefined : e.FLOTILLA_S3_FORCE_PATH_STYLE === 'true',
              prefix: e.FLOTILLA_S3_PREFIX,
              ...(e.FLOTILLA_S3_ACCESS_KEY_ID && e.FLOTILLA_S3_SECRET_ACCESS_KEY
                ? { credentials: { accessKeyId: e.FLOTILLA_S3_ACCESS_KEY_ID, secretAccessKey: e.FLOTILLA_S3_SECRET_ACCESS_KEY } }
                : {}),
              ...(e.FLOTILLA_S3_CREDENTIALS_FILE ? { credentialsFile: e.FLOTILLA_S3_CREDENTIALS_FILE } : {}),
            },
          }
        : {}),
      concurrency: e.FLOTILLA_SOURCE_CONCURRENCY,
      allowHosts: e.FLOTILLA_SOURCE_ALLOW_HOSTS,
      denyHosts: e.FLOTILLA_SOURCE_DENY_HOSTS,
    },
  };
}

export const HUB_CONFIG = Symbol('HubConfig');
/** DI token of the connection string of the hub's database (external or embedded). */
export const DATABASE_URL = Symbol('DatabaseUrl');
export { repoRoot };
