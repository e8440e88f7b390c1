import { stringify } from 'yaml';

export interface RegistryConfigInput {
  port: number;
  storageDir: string;
  secret: string;
  htpasswdPath?: string;
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
  /** PEM files: the registry then serves HTTPS. */
  tls?: { certificate: string; key: string };
}

function authSection(input: RegistryConfigInput): Record<string, unknown> {
  if (input.token) {
    const t = input.token;
    return {
      auth: {
        token: { realm: t.realm, service: t.service, issuer: t.issuer, rootcertbundle: t.rootCertBundle },
      },
    };
  }
  if (input.htpasswdPath)
    return { auth: { htpasswd: { realm: 'flotilla-test-registry', path: input.htpasswdPath } } };
  return {};
}

// distribution 2.8 configuration: filesystem storage, deletes allowed (tests prune tags), and
// htpasswd basic auth or token auth (a separate token server) when asked. Loopback only; TLS when asked (clients use http:// for 127.0.0.1 otherwise).
export function registryConfig(input: RegistryConfigInput): string {
  return stringify({
    version: 0.1,
    log: { level: 'info', formatter: 'text', accesslog: { disabled: false } },
    storage: {
      filesystem: { rootdirectory: input.storageDir },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
      cache: { blobdescriptor: 'inmemory' },
    },
    http: {
      addr: `127.0.0.1:${input.port}`,
      secret: input.secret,
      headers: { 'X-Content-Type-Options': ['nosniff'] },
      ...(input.tls ? { tls: input.tls } : {}),
    },
    ...authSection(input),
    health: { storagedriver: { enabled: false } },
  });
}
