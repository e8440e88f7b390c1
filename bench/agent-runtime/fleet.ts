import { FLUX_KINDS } from '@flotilla/reconcile-core';
import type { KubeClient } from '@flotilla/spoke-agent/k8s';

// The workload: one git repository with `apps/app-NNN/deployment.yaml` (a 1-replica Deployment each, no
// kustomization.yaml, so a Kustomization generates one as Flux does), and one Kustomization per folder. With
// more than one object per Kustomization, the folder also holds `configmaps.yaml` with the rest as ConfigMaps
// (a few keys each, the size of a small application's configuration).

export const APPS_NAMESPACE = 'bench-apps';
export const FLUX_NAMESPACE = 'flux-system';
export const SOURCE_NAME = 'fleet';
const KS = FLUX_KINDS.Kustomization;
const GIT = FLUX_KINDS.GitRepository;

export const appName = (i: number) => `app-${String(i).padStart(3, '0')}`;

export function fleetFiles(count: number, objectsPerApp = 1): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = appName(i);
    if (objectsPerApp > 1)
      files[`apps/${name}/configmaps.yaml`] = Array.from(
        { length: objectsPerApp - 1 },
        (_, c) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config-${c}
  namespace: ${APPS_NAMESPACE}
  labels: { app: ${name} }
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "search,export,billing-v2"
  SERVICE_URL: http://${name}-${c}.${APPS_NAMESPACE}.svc.cluster.local:8080
`,
      ).join('---\n');
    files[`apps/${name}/deployment.yaml`] = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${APPS_NAMESPACE}
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: registry.invalid/app:1.0.0
`;
  }
  return files;
}

/** The spec both kinds of Kustomization get: Flux defaults otherwise (no wait, so Ready means applied). */
export function kustomizationSpec(i: number): Record<string, unknown> {
  return {
    sourceRef: { kind: GIT.kind, name: SOURCE_NAME },
    path: `./apps/${appName(i)}`,
    interval: '10m',
    prune: true,
  };
}

async function create(kube: KubeClient, path: string, body: Record<string, unknown>): Promise<void> {
  const res = await kube.request({ method: 'POST', path, body });
  if (res.status !== 201 && res.status !== 409)
    throw new Error(`POST ${path}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}

export async function createNamespaces(kube: KubeClient): Promise<void> {
  for (const name of [APPS_NAMESPACE, FLUX_NAMESPACE])
    await create(kube, '/api/v1/namespaces', { metadata: { name } });
}

export const kustomizationsPath = `/apis/${KS.group}/${KS.version}/namespaces/${FLUX_NAMESPACE}/${KS.plural}`;

/** The in-cluster variant: one GitRepository and `count` Kustomization objects, created a few at a time. */
export async function applyInCluster(kube: KubeClient, repoUrl: string, count: number): Promise<void> {
  await create(kube, `/apis/${GIT.group}/${GIT.version}/namespaces/${FLUX_NAMESPACE}/${GIT.plural}`, {
    apiVersion: GIT.apiVersion,
    kind: GIT.kind,
    metadata: { name: SOURCE_NAME },
    spec: { url: repoUrl, ref: { branch: 'main' }, interval: '10m' },
  });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++)
      await create(kube, kustomizationsPath, {
        apiVersion: KS.apiVersion,
        kind: KS.kind,
        metadata: { name: appName(i) },
        spec: kustomizationSpec(i),
      });
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

interface Condition {
  type: string;
  status: string;
}

/** How many of the in-cluster Kustomizations are Ready=True (one LIST). */
export async function readyInCluster(kube: KubeClient): Promise<number> {
  const res = await kube.request({ method: 'GET', path: kustomizationsPath });
  const items = (res.body as { items?: Array<{ status?: { conditions?: Condition[] } }> }).items ?? [];
  return items.filter((k) => k.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .length;
}

/** How many of the workload's Deployments exist (one LIST): the agent has applied that many Kustomizations. */
export async function appliedInCluster(kube: KubeClient): Promise<number> {
  const res = await kube.request({
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${APPS_NAMESPACE}/deployments`,
  });
  return ((res.body as { items?: unknown[] }).items ?? []).length;
}

/** How many of the workload's ConfigMaps exist (one LIST; the namespace's own kube-root-ca.crt left out). */
export async function configMapsInCluster(kube: KubeClient): Promise<number> {
  const res = await kube.request({ method: 'GET', path: `/api/v1/namespaces/${APPS_NAMESPACE}/configmaps` });
  const items = (res.body as { items?: Array<{ metadata?: { name?: string } }> }).items ?? [];
  return items.filter((c) => c.metadata?.name?.startsWith('app-')).length;
}
