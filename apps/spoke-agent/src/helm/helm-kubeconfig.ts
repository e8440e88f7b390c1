import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

// The kubeconfig the helm binary gets: the agent's own cluster and identity, written once into the agent's
// cache directory (mode 0600, the one writable place in its pod). In a pod the agent's identity is its
// ServiceAccount token file, which the kubelet rotates: helm is given the file's path (`tokenFile`), never a copy
// of the token. A HelmRelease's serviceAccountName is not written here: helm impersonates it with --kube-as-user.

/** What client-node keeps for an in-cluster identity: an auth provider named `tokenFile`. */
function tokenFileOf(user: { authProvider?: { name?: string; config?: Record<string, unknown> } }): string | undefined {
  const p = user.authProvider;
  return p?.name === 'tokenFile' && typeof p.config?.tokenFile === 'string' ? p.config.tokenFile : undefined;
}

export function helmKubeconfig(kc: KubeConfig): string {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster || !user) throw new Error('the agent has no current cluster and user to give helm');
  const tokenFile = tokenFileOf(user as never);
  const u: Record<string, unknown> = {
    ...(user.token ? { token: user.token } : {}),
    ...(tokenFile ? { tokenFile } : {}),
    ...(user.certData ? { 'client-certificate-data': user.certData } : {}),
    ...(user.certFile ? { 'client-certificate': user.certFile } : {}),
    ...(user.keyData ? { 'client-key-data': user.keyData } : {}),
    ...(user.keyFile ? { 'client-key': user.keyFile } : {}),
    ...(user.username ? { username: user.username, password: user.password ?? '' } : {}),
  };
  const c: Record<string, unknown> = {
    server: cluster.server,
    ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}),
    ...(cluster.caFile ? { 'certificate-authority': cluster.caFile } : {}),
    ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
    ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
  };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'agent', cluster: c }],
    users: [{ name: 'agent', user: u }],
    contexts: [{ name: 'agent', context: { cluster: 'agent', user: 'agent' } }],
    'current-context': 'agent',
  });
}

/** Writes the kubeconfig under `dir` and returns its path. */
export async function writeHelmKubeconfig(kc: KubeConfig, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'kubeconfig');
  await writeFile(file, helmKubeconfig(kc), { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}
