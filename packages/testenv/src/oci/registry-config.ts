import { stringify } from 'yaml';

export interface RegistryConfigInput {
  port: number;
  storageDir: string;
  secret: string;
  htpasswdPath?: string;
}

// distribution 2.8 configuration: filesystem storage, deletes allowed (tests prune tags), and
// htpasswd basic auth when asked. Loopback only, no TLS: clients use http:// for 127.0.0.1.
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
    http: { addr: `127.0.0.1:${input.port}`, secret: input.secret, headers: { 'X-Content-Type-Options': ['nosniff'] } },
    ...(input.htpasswdPath ? { auth: { htpasswd: { realm: 'flotilla-test-registry', path: input.htpasswdPath } } } : {}),
    health: { storagedriver: { enabled: false } },
  });
}
