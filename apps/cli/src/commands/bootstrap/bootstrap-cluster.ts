import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { createSecretCredentialStore, installFluxCrds, type StoredCredential } from '@flotilla/spoke-agent';
import { createKubeClient, ResourceManager, type KubeClient, type KubeObject } from '@flotilla/spoke-agent/k8s';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import { SYNC_NAME, SYNC_SECRET_NAME, SYSTEM_NAMESPACE } from './bootstrap-manifests.js';

/** The kubeconfig as kubectl reads it: --kubeconfig, else $KUBECONFIG, else ~/.kube/config; --context picks one. */
export function loadKubeConfig(file: string | undefined, context: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (file) {
      if (!existsSync(file)) throw new CliError(EXIT.usage, `--kubeconfig: ${file} does not exist`);
      kc.loadFromFile(file);
    } else kc.loadFromDefault();
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(EXIT.usage, `cannot read the kubeconfig: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (context) {
    if (!kc.getContextObject(context)) throw new CliError(EXIT.usage, `--context: the kubeconfig has no context "${context}" (it has: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new CliError(EXIT.usage, 'the kubeconfig names no current cluster: give --context or --kubeconfig');
  return kc;
}

interface Need {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

const ns = SYSTEM_NAMESPACE;
// What installing the agent takes: the objects of its manifests, the Flux CRDs, the sync pair and the Secrets.
const NEEDS: Need[] = [
  ...['create', 'patch'].flatMap((verb) => [
    { verb, group: '', resource: 'namespaces' },
    { verb, group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
    { verb, group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
    { verb, group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
    { verb, group: '', resource: 'serviceaccounts', namespace: ns },
    { verb, group: 'rbac.authorization.k8s.io', resource: 'roles', namespace: ns },
    { verb, group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespace: ns },
    { verb, group: 'apps', resource: 'deployments', namespace: ns },
    { verb, group: 'source.toolkit.fluxcd.io', resource: 'gitrepositories', namespace: ns },
    { verb, group: 'kustomize.toolkit.fluxcd.io', resource: 'kustomizations', namespace: ns },
  ]),
  ...['get', 'create', 'update'].map((verb) => ({ verb, group: '', resource: 'secrets', namespace: ns })),
  // The agent's reconciler is bound to cluster-admin, which RBAC lets only someone holding it (or `bind`) grant.
  { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'cluster-admin' },
];

const describeNeed = (n: Need): string =>
  `${n.verb} ${n.resource}${n.group ? `.${n.group}` : ''}${n.name ? ` ${n.name}` : ''}${n.namespace ? ` in ${n.namespace}` : ''}`;

async function allowed(client: KubeClient, n: Need): Promise<boolean> {
  const res = await client.request({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: n } },
  });
  if (res.status !== 201 && res.status !== 200) throw new CliError(EXIT.failed, `the cluster refused an access review (HTTP ${res.status})`);
  return (res.body as { status?: { allowed?: boolean } }).status?.allowed === true;
}

export interface ClusterAccess {
  client: KubeClient;
  server: string;
  version: string;
}

/** Reaches the API server and checks, by access reviews, that the kubeconfig's user may install everything. */
export async function checkCluster(kc: KubeConfig): Promise<ClusterAccess> {
  const server = kc.getCurrentCluster()!.server;
  const client = await createKubeClient(kc);
  let version: string;
  try {
    const res = await client.request({ method: 'GET', path: '/version' });
    if (res.status === 401) throw new CliError(EXIT.unauthorized, `the cluster at ${server} refused the kubeconfig's credentials (401): bootstrap needs a kubeconfig that logs in`);
    if (res.status !== 200) throw new CliError(EXIT.failed, `the cluster at ${server} answered ${res.status} to GET /version`);
    version = String((res.body as { gitVersion?: unknown }).gitVersion ?? 'unknown');
  } catch (err) {
    client.close();
    if (err instanceof CliError) throw err;
    const code = (err as { code?: string }).code;
    throw new CliError(EXIT.unreachable, `cannot reach the cluster at ${server}: ${code ?? (err instanceof Error ? err.message : String(err))}; bootstrap needs its API server (--kubeconfig, --context)`);
  }
  const denied: Need[] = [];
  for (const need of NEEDS) if (!(await allowed(client, need))) denied.push(need);
  if (denied.length > 0) {
    client.close();
    throw new CliError(
      EXIT.unauthorized,
      `the kubeconfig's user may not ${denied.map(describeNeed).join(', ')}: bootstrap needs cluster-admin rights in the cluster, as flux bootstrap does`,
    );
  }
  return { client, server, version };
}

/** The agent credential kept in the cluster, or null when there is none yet. */
export function readCredential(kc: KubeConfig): Promise<StoredCredential | null> {
  return createSecretCredentialStore(kc, SYSTEM_NAMESPACE).load();
}

export function saveCredential(kc: KubeConfig, credential: StoredCredential): Promise<void> {
  return createSecretCredentialStore(kc, SYSTEM_NAMESPACE).save(credential);
}

/** Applies the Namespace alone, so the Secrets can go in before the Deployment starts; returns its change. */
export async function ensureNamespace(client: KubeClient, namespace: KubeObject): Promise<string> {
  const res = await new ResourceManager(client).apply([namespace]);
  if (res.errors.length > 0) throw new CliError(EXIT.failed, `applying Namespace ${SYSTEM_NAMESPACE}: ${res.errors.map((e) => e.message).join('; ')}`);
  return res.changeSet.map((e) => `${e.subject} ${e.action}`).join(', ');
}

/**
 * The Secret the GitRepository reads its credentials from (with --token-auth, or the key over ssh): created, or updated when the
 * credentials changed; left alone when they are the same, so a second run changes nothing.
 */
const SYNC_SECRET_PATH = `/api/v1/namespaces/${SYSTEM_NAMESPACE}/secrets/${SYNC_SECRET_NAME}`;

/** The data of the sync pair's Secret, decoded, or undefined when the cluster has none yet. */
export async function readSyncSecret(client: KubeClient): Promise<Record<string, string> | undefined> {
  const res = await client.request({ method: 'GET', path: SYNC_SECRET_PATH });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new CliError(EXIT.failed, `reading Secret ${SYSTEM_NAMESPACE}/${SYNC_SECRET_NAME}: HTTP ${res.status}`);
  const data = (res.body as { data?: Record<string, string> }).data ?? {};
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

export async function ensureSyncSecret(client: KubeClient, data: Record<string, string>): Promise<'created' | 'configured' | 'unchanged'> {
  const secretPath = SYNC_SECRET_PATH;
  const current = await client.request({ method: 'GET', path: secretPath });
  const body = { apiVersion: 'v1', kind: 'Secret', metadata: { name: SYNC_SECRET_NAME, namespace: SYSTEM_NAMESPACE }, type: 'Opaque', data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) };
  if (current.status === 200) {
    const held = ((current.body as { data?: Record<string, string> }).data ?? {}) as Record<string, string>;
    const same = Object.keys(held).length === Object.keys(body.data).length && Object.entries(body.data).every(([k, v]) => held[k] === v);
    if (same) return 'unchanged';
    const res = await client.request({ method: 'PUT', path: secretPath, body });
    if (res.status !== 200) throw new CliError(EXIT.failed, `updating Secret ${SYSTEM_NAMESPACE}/${SYNC_SECRET_NAME}: HTTP ${res.status}`);
    return 'configured';
  }
  const res = await client.request({ method: 'POST', path: `/api/v1/namespaces/${SYSTEM_NAMESPACE}/secrets`, body });
  if (res.status !== 201) throw new CliError(EXIT.failed, `creating Secret ${SYSTEM_NAMESPACE}/${SYNC_SECRET_NAME}: HTTP ${res.status}`);
  return 'created';
}

const KS_PATH = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${SYSTEM_NAMESPACE}/kustomizations/${SYNC_NAME}`;
const GIT_PATH = `/apis/source.toolkit.fluxcd.io/v1/namespaces/${SYSTEM_NAMESPACE}/gitrepositories/${SYNC_NAME}`;

/**
 * The revision the agent last applied from git (the sync Kustomization's lastAppliedRevision), or undefined
 * while it applies none yet. Flux's bootstrap asks the same question before installing its components again.
 */
export async function appliedFromGit(client: KubeClient): Promise<string | undefined> {
  const res = await client.request({ method: 'GET', path: KS_PATH });
  if (res.status !== 200) return undefined;
  return (res.body as { status?: { lastAppliedRevision?: string } }).status?.lastAppliedRevision || undefined;
}

/** Server-side applies the Flux CRDs, then the objects; returns the change set as `Kind/namespace/name action`. */
export async function applyObjects(client: KubeClient, objects: readonly KubeObject[]): Promise<string[]> {
  await installFluxCrds(client);
  const res = await new ResourceManager(client).apply(objects);
  if (res.errors.length > 0) throw new CliError(EXIT.failed, `applying the manifests: ${res.errors.map((e) => e.message).join('; ')}`);
  return res.changeSet.map((e) => `${e.subject} ${e.action}`);
}

/** Asks the agent to fetch and apply now, as `flux reconcile ks --with-source` does (the requestedAt annotation). */
export async function requestSync(client: KubeClient, at: Date): Promise<void> {
  const patch = { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': at.toISOString() } } };
  for (const p of [GIT_PATH, KS_PATH]) {
    const res = await client.request({ method: 'PATCH', path: p, body: patch, contentType: 'application/merge-patch+json' });
    if (res.status !== 200) throw new CliError(EXIT.failed, `requesting a reconcile of ${p}: HTTP ${res.status}`);
  }
}
