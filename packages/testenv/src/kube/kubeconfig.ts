import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export interface KubeconfigUser {
  clientCert?: string;
  clientKey?: string;
  token?: string;
}

export function renderKubeconfig(opts: { name: string; server: string; caCert: string; user: KubeconfigUser; namespace?: string }): string {
  const user: Record<string, string> = {};
  if (opts.user.clientCert) user['client-certificate-data'] = b64(opts.user.clientCert);
  if (opts.user.clientKey) user['client-key-data'] = b64(opts.user.clientKey);
  if (opts.user.token) user.token = opts.user.token;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: opts.name, cluster: { server: opts.server, 'certificate-authority-data': b64(opts.caCert) } }],
    users: [{ name: opts.name, user }],
    contexts: [{ name: opts.name, context: { cluster: opts.name, user: opts.name, ...(opts.namespace ? { namespace: opts.namespace } : {}) } }],
    'current-context': opts.name,
    preferences: {},
  });
}

export async function writeKubeconfig(file: string, opts: Parameters<typeof renderKubeconfig>[0]): Promise<string> {
  await writeFile(file, renderKubeconfig(opts), { mode: 0o600 });
  return file;
}
