import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe(loadConfig.name, () => {
  it('defaults to 127.0.0.1:8080, a 30 s heartbeat timeout and a third of it as interval', () => {
    const c = loadConfig({});
    expect(c.http).toMatchObject({ host: '127.0.0.1', port: 8080, publicUrl: undefined, secureCookies: false });
    expect(c.agents).toMatchObject({ heartbeatTimeoutMs: 30_000, heartbeatIntervalMs: 10_000 });
    expect(c.db.url).toBeUndefined();
    expect(c.db.dataDir).toMatch(/\.flotilla\/data$/);
  });

  it('renders HelmRelease diffs with FLOTILLA_HELM_RENDER_BINARY when set, with none when it is `none`', () => {
    expect(loadConfig({ FLOTILLA_HELM_BINARY: '/opt/helm/helm', FLOTILLA_HELM_RENDER_BINARY: '/opt/render/helm-render' }).helm).toEqual({ binary: '/opt/helm/helm', renderHelper: '/opt/render/helm-render' });
    expect(loadConfig({ FLOTILLA_HELM_BINARY: '/opt/helm/helm', FLOTILLA_HELM_RENDER_BINARY: 'none' }).helm).toEqual({ binary: '/opt/helm/helm' });
    // Nothing beside helm, nothing on PATH, no build in this cache: `helm template` renders.
    expect(loadConfig({ FLOTILLA_HELM_BINARY: '/opt/helm/helm', PATH: '/nonexistent', FLOTILLA_CACHE_DIR: '/nonexistent' }).helm).toEqual({ binary: '/opt/helm/helm' });
  });

  it('reads the FLOTILLA_ variables', () => {
    const c = loadConfig({
      FLOTILLA_HOST: '::1',
      FLOTILLA_PORT: '9090',
      FLOTILLA_PUBLIC_URL: 'https://hub.example.com/',
      FLOTILLA_DATABASE_URL: 'postgresql://x@y/z',
      FLOTILLA_HEARTBEAT_TIMEOUT_MS: '6000',
      FLOTILLA_ADMIN_PASSWORD: 'long-enough',
    });
    expect(c.http).toEqual({ host: '::1', port: 9090, publicUrl: 'https://hub.example.com', secureCookies: true, trustedProxies: [] });
    expect(c.agents.heartbeatIntervalMs).toBe(2_000);
    expect(c.admin.password).toBe('long-enough');
  });

  it('links replicas through the Postgres socket adapter when FLOTILLA_REPLICAS > 1, or when FLOTILLA_SOCKET_ADAPTER says so', () => {
    expect(loadConfig({}).replicas).toEqual({ count: 1, adapter: 'memory' });
    expect(loadConfig({ FLOTILLA_REPLICAS: '3' }).replicas).toEqual({ count: 3, adapter: 'postgres' });
    expect(loadConfig({ FLOTILLA_SOCKET_ADAPTER: 'postgres' }).replicas).toEqual({ count: 1, adapter: 'postgres' });
    expect(loadConfig({ FLOTILLA_REPLICAS: '2', FLOTILLA_SOCKET_ADAPTER: 'memory' }).replicas?.adapter).toBe('memory');
    expect(() => loadConfig({ FLOTILLA_REPLICAS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ FLOTILLA_SOCKET_ADAPTER: 'redis' })).toThrow(/FLOTILLA_SOCKET_ADAPTER/);
  });

  it('keeps artifacts in the data directory unless FLOTILLA_ARTIFACT_STORE=s3, which needs a bucket and both keys or none', () => {
    expect(loadConfig({}).sources?.s3).toBeUndefined();
    expect(loadConfig({ FLOTILLA_S3_BUCKET: 'bkt' }).sources?.s3).toBeUndefined();
    expect(() => loadConfig({ FLOTILLA_ARTIFACT_STORE: 's3' })).toThrow(/needs FLOTILLA_S3_BUCKET/);
    const secret = 'a-secret-never-echoed';
    const err = (() => {
      try {
        loadConfig({ FLOTILLA_ARTIFACT_STORE: 's3', FLOTILLA_S3_BUCKET: 'bkt', FLOTILLA_S3_SECRET_ACCESS_KEY: secret });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toMatch(/go together/);
    expect(err?.message).not.toContain(secret);
    // A custom endpoint (versitygw, MinIO) gets path-style addressing unless told otherwise; AWS itself does not.
    expect(loadConfig({ FLOTILLA_ARTIFACT_STORE: 's3', FLOTILLA_S3_BUCKET: 'bkt', FLOTILLA_S3_ENDPOINT: 'http://127.0.0.1:7070' }).sources?.s3).toEqual({
      bucket: 'bkt',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:7070',
      forcePathStyle: true,
      prefix: '',
    });
    const aws = loadConfig({ FLOTILLA_ARTIFACT_STORE: 's3', FLOTILLA_S3_BUCKET: 'bkt', FLOTILLA_S3_REGION: 'eu-west-1', FLOTILLA_S3_PREFIX: 'flotilla/', FLOTILLA_S3_ACCESS_KEY_ID: 'AK', FLOTILLA_S3_SECRET_ACCESS_KEY: 'SK' }).sources?.s3;
    expect(aws).toMatchObject({ forcePathStyle: false, region: 'eu-west-1', prefix: 'flotilla/', credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } });
    expect(() => loadConfig({ FLOTILLA_S3_PREFIX: '../x' })).toThrow(/FLOTILLA_S3_PREFIX/);
  });

  it('resolves a relative FLOTILLA_DATA_DIR against where `pnpm start` was typed (INIT_CWD)', () => {
    expect(loadConfig({ FLOTILLA_DATA_DIR: 'state', INIT_CWD: '/home/me/flotilla' }).db.dataDir).toBe('/home/me/flotilla/state');
    expect(loadConfig({ FLOTILLA_DATA_DIR: '/srv/flotilla', INIT_CWD: '/home/me' }).db.dataDir).toBe('/srv/flotilla');
  });

  it('OIDC sign-in: all of issuer, client id and secret or none; the callback defaults to the public URL', () => {
    expect(loadConfig({}).auth.oidc).toBeUndefined();
    expect(() => loadConfig({ FLOTILLA_OIDC_ISSUER_URL: 'https://id.example.com', FLOTILLA_OIDC_CLIENT_ID: 'hub' })).toThrow(/OIDC login needs/);
    const c = loadConfig({
      FLOTILLA_PUBLIC_URL: 'https://flotilla.example.com/',
      FLOTILLA_OIDC_ISSUER_URL: 'https://id.example.com',
      FLOTILLA_OIDC_CLIENT_ID: 'hub',
      FLOTILLA_OIDC_CLIENT_SECRET: 's3cret',
    });
    expect(c.auth.oidc).toEqual({
      issuerUrl: 'https://id.example.com',
      clientId: 'hub',
      clientSecret: 's3cret',
      redirectUrl: 'https://flotilla.example.com/api/auth/oidc/callback',
      groupsClaim: 'groups',
      defaultRole: 'VIEWER',
    });
    const none = loadConfig({
      FLOTILLA_OIDC_ISSUER_URL: 'http://127.0.0.1:5556',
      FLOTILLA_OIDC_CLIENT_ID: 'hub',
      FLOTILLA_OIDC_CLIENT_SECRET: 's3cret',
      FLOTILLA_OIDC_GROUPS_CLAIM: 'roles',
      FLOTILLA_OIDC_DEFAULT_ROLE: 'none',
    }).auth.oidc;
    expect(none).toMatchObject({ redirectUrl: 'http://127.0.0.1:8080/api/auth/oidc/callback', groupsClaim: 'roles', defaultRole: null });
    expect(() => loadConfig({ FLOTILLA_OIDC_DEFAULT_ROLE: 'admin' })).toThrow(/FLOTILLA_OIDC_DEFAULT_ROLE/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ FLOTILLA_DATABASE_URL: '', FLOTILLA_PORT: '' }).http.port).toBe(8080);
  });

  it('names every bad variable in one error', () => {
    expect(() => loadConfig({ FLOTILLA_PORT: 'eighty', FLOTILLA_ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ FLOTILLA_PORT: 'eighty', FLOTILLA_ADMIN_PASSWORD: 'short' });
    } catch (err) {
      expect(String(err)).toContain('FLOTILLA_PORT');
      expect(String(err)).toContain('FLOTILLA_ADMIN_PASSWORD');
    }
  });
});

describe('FLOTILLA_AUDIT_RETENTION', () => {
  it('defaults to 400 days and reads Go durations plus whole days', () => {
    expect(loadConfig({}).audit?.retentionMs).toBe(400 * 86_400_000);
    expect(loadConfig({ FLOTILLA_AUDIT_RETENTION: '90d' }).audit?.retentionMs).toBe(90 * 86_400_000);
    expect(loadConfig({ FLOTILLA_AUDIT_RETENTION: '2160h' }).audit?.retentionMs).toBe(90 * 86_400_000);
  });

  it.each(['a year', '-1d', '0s', '1.5d'])('refuses %j and names the variable', (value) => {
    expect(() => loadConfig({ FLOTILLA_AUDIT_RETENTION: value })).toThrow(/FLOTILLA_AUDIT_RETENTION/);
  });
});

describe('FLOTILLA_NOTIFICATION_DELIVERY_RETENTION', () => {
  it('defaults to 7 days, reads durations with d, and names the variable when the value is not one', () => {
    expect(loadConfig({}).notifications?.deliveryRetentionMs).toBe(7 * 86_400_000);
    expect(loadConfig({ FLOTILLA_NOTIFICATION_DELIVERY_RETENTION: '2d' }).notifications?.deliveryRetentionMs).toBe(2 * 86_400_000);
    expect(() => loadConfig({ FLOTILLA_NOTIFICATION_DELIVERY_RETENTION: '0' })).toThrow(/FLOTILLA_NOTIFICATION_DELIVERY_RETENTION/);
  });
});

describe('FLOTILLA_EVENT_RETENTION', () => {
  it('defaults to 7 days and reads durations with d', () => {
    expect(loadConfig({}).ingestion?.eventRetentionMs).toBe(7 * 86_400_000);
    expect(loadConfig({ FLOTILLA_EVENT_RETENTION: '36h' }).ingestion?.eventRetentionMs).toBe(36 * 3_600_000);
  });

  it('names the variable when the value is not a duration', () => {
    expect(() => loadConfig({ FLOTILLA_EVENT_RETENTION: 'a week' })).toThrow(/FLOTILLA_EVENT_RETENTION/);
  });

  it('reads the sources settings: secret key, artifact directory, fetch concurrency (default 4)', () => {
    expect(loadConfig({}).sources).toMatchObject({ secretKey: undefined, artifactsDir: undefined, concurrency: 4 });
    const c = loadConfig({ FLOTILLA_SECRET_KEY: 'a2V5', FLOTILLA_ARTIFACTS_DIR: '/var/lib/flotilla/artifacts', FLOTILLA_SOURCE_CONCURRENCY: '8' });
    expect(c.sources).toMatchObject({ secretKey: 'a2V5', artifactsDir: '/var/lib/flotilla/artifacts', concurrency: 8 });
    expect(() => loadConfig({ FLOTILLA_SOURCE_CONCURRENCY: '0' })).toThrow(ConfigError);
  });

  it('reads the source URL policy lists and names every bad entry', () => {
    expect(loadConfig({}).sources).toMatchObject({ allowHosts: undefined, denyHosts: undefined });
    const c = loadConfig({ FLOTILLA_SOURCE_ALLOW_HOSTS: '10.0.0.0/8, git.corp *.internal.example', FLOTILLA_SOURCE_DENY_HOSTS: '169.254.169.254' });
    expect(c.sources).toMatchObject({ allowHosts: ['10.0.0.0/8', 'git.corp', '*.internal.example'], denyHosts: ['169.254.169.254'] });
    expect(() => loadConfig({ FLOTILLA_SOURCE_ALLOW_HOSTS: '10.0.0.0/33,ok.example,bad host!' })).toThrow(/FLOTILLA_SOURCE_ALLOW_HOSTS: "10.0.0.0\/33" is not a CIDR.*"host!" is neither/);
  });
});

describe('edge settings', () => {
  it('trusts no proxy unless FLOTILLA_TRUSTED_PROXIES lists some', () => {
    expect(loadConfig({}).http.trustedProxies).toEqual([]);
    expect(loadConfig({ FLOTILLA_TRUSTED_PROXIES: 'loopback, 10.0.0.0/8,fd00::1' }).http.trustedProxies).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
    expect(() => loadConfig({ FLOTILLA_TRUSTED_PROXIES: 'my-proxy.local' })).toThrow(/FLOTILLA_TRUSTED_PROXIES/);
    expect(() => loadConfig({ FLOTILLA_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/FLOTILLA_TRUSTED_PROXIES/);
  });

  it('reads FLOTILLA_METRICS_TOKEN and refuses a short one', () => {
    expect(loadConfig({}).metrics?.token).toBeUndefined();
    expect(loadConfig({ FLOTILLA_METRICS_TOKEN: 'a-scrape-token-long-enough' }).metrics?.token).toBe('a-scrape-token-long-enough');
    expect(() => loadConfig({ FLOTILLA_METRICS_TOKEN: 'short' })).toThrow(/FLOTILLA_METRICS_TOKEN/);
  });
});

describe('per-agent rate limit (FLOTILLA_AGENT_RATE_*)', () => {
  it('defaults to 20 batches/s (burst 200) and 1 MB/s (burst 16 MB)', () => {
    expect(loadConfig({}).agents.rateLimit).toEqual({ batchesPerSecond: 20, batchBurst: 200, bytesPerSecond: 1_000_000, byteBurst: 16_000_000 });
  });

  it('reads the variables', () => {
    const c = loadConfig({ FLOTILLA_AGENT_RATE_BATCHES: '2.5', FLOTILLA_AGENT_RATE_BATCH_BURST: '10', FLOTILLA_AGENT_RATE_BYTES: '50000', FLOTILLA_AGENT_RATE_BYTE_BURST: '8000000' });
    expect(c.agents.rateLimit).toEqual({ batchesPerSecond: 2.5, batchBurst: 10, bytesPerSecond: 50_000, byteBurst: 8_000_000 });
  });

  it('refuses a byte burst smaller than one largest message (it could never pass)', () => {
    expect(() => loadConfig({ FLOTILLA_AGENT_RATE_BYTE_BURST: '1000000' })).toThrow(/FLOTILLA_AGENT_RATE_BYTE_BURST/);
  });
});
