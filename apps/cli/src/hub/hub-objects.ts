import { CliError, EXIT } from './exit-codes.js';
import type { HubClient } from './hub-client.js';

// The hub objects the CLI reads, with only the fields it prints or exports. Queries live here once so
// `get`, `reconcile`, `export` and friends agree on what a name resolves to.

/** Where hub objects live when no namespace is given (the hub's default, as flux's is flux-system). */
export const DEFAULT_NAMESPACE = 'flotilla-system';

export interface GitRef {
  branch: string | null;
  tag: string | null;
  semver: string | null;
  name: string | null;
  commit: string | null;
}

export interface GitRepositoryView {
  id: string;
  name: string;
  namespace: string;
  url: string;
  ref: GitRef | null;
  interval: string;
  timeout: string;
  ignore: string | null;
  suspend: boolean;
  ready: string;
  message: string | null;
  lastHandledReconcileAt: string | null;
  artifact: { revision: string } | null;
}

export interface KustomizationClusterView {
  cluster: { id: string; name: string };
  ready: string;
  message: string | null;
  lastAppliedRevision: string | null;
  lastAttemptedRevision: string | null;
  lastHandledReconcileAt: string | null;
}

export interface KustomizationView {
  id: string;
  name: string;
  namespace: string;
  suspend: boolean;
  spec: Record<string, unknown>;
  placement: { clusterNames: string[]; clusterSelector: string | null };
  clusters: KustomizationClusterView[];
}

export interface ClusterView {
  id: string;
  name: string;
  connectionState: string;
  agentVersion: string | null;
  kubernetesVersion: string | null;
  lastSeenAt: string | null;
  labels: { key: string; value: string }[];
}

const GIT_FIELDS = 'id name namespace url ref { branch tag semver name commit } interval timeout ignore suspend ready message lastHandledReconcileAt artifact { revision }';
const KS_FIELDS =
  'id name namespace suspend spec placement { clusterNames clusterSelector } clusters { cluster { id name } ready message lastAppliedRevision lastAttemptedRevision lastHandledReconcileAt }';

export async function listGitRepositories(hub: HubClient): Promise<GitRepositoryView[]> {
  return (await hub.request<{ gitRepositories: GitRepositoryView[] }>(`{ gitRepositories { ${GIT_FIELDS} } }`)).gitRepositories;
}

export async function listKustomizations(hub: HubClient, clusterId?: string): Promise<KustomizationView[]> {
  const data = await hub.request<{ kustomizations: KustomizationView[] }>(`query($c: ID) { kustomizations(clusterId: $c) { ${KS_FIELDS} } }`, { c: clusterId ?? null });
  return data.kustomizations;
}

export async function listClusters(hub: HubClient, selector?: string): Promise<ClusterView[]> {
  const out: ClusterView[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { clusters: { edges: { cursor: string; node: ClusterView }[]; pageInfo: { hasNextPage: boolean } } } = await hub.request(
      `query($s: String, $a: String) { clusters(selector: $s, first: 200, after: $a) { edges { cursor node { id name connectionState agentVersion kubernetesVersion lastSeenAt labels { key value } } } pageInfo { hasNextPage } } }`,
      { s: selector ?? null, a: after },
    );
    out.push(...data.clusters.edges.map((e) => e.node));
    if (!data.clusters.pageInfo.hasNextPage || data.clusters.edges.length === 0) return out;
    after = data.clusters.edges.at(-1)!.cursor;
  }
}

export async function findCluster(hub: HubClient, name: string): Promise<ClusterView> {
  const found = (await listClusters(hub)).find((c) => c.name === name);
  if (!found) throw new CliError(EXIT.notFound, `cluster "${name}" not found`);
  return found;
}

export async function findGitRepository(hub: HubClient, namespace: string, name: string): Promise<GitRepositoryView> {
  const found = (await listGitRepositories(hub)).find((g) => g.namespace === namespace && g.name === name);
  if (!found) throw new CliError(EXIT.notFound, `GitRepository "${namespace}/${name}" not found`);
  return found;
}

export async function findKustomization(hub: HubClient, namespace: string, name: string): Promise<KustomizationView> {
  const found = (await listKustomizations(hub)).find((k) => k.namespace === namespace && k.name === name);
  if (!found) throw new CliError(EXIT.notFound, `Kustomization "${namespace}/${name}" not found`);
  return found;
}

export interface ImageRepositoryView {
  id: string;
  name: string;
  namespace: string;
  image: string;
  suspend: boolean;
  ready: string;
  message: string | null;
  lastScanResult: { scanTime: string | null; tagCount: number } | null;
}

export interface ImagePolicyView {
  id: string;
  name: string;
  namespace: string;
  imageRepository: string;
  ready: string;
  message: string | null;
  latestRef: { name: string; tag: string; digest: string | null } | null;
}

export interface ImageUpdateAutomationView {
  id: string;
  name: string;
  namespace: string;
  suspend: boolean;
  ready: string;
  message: string | null;
  lastAutomationRunTime: string | null;
}

export interface UpdateProposalView {
  id: string;
  /** `namespace/name` of the automation; null for an edit proposed in git, whose FleetSync `fleetEdit` names. */
  automation: string | null;
  fleetEdit: { fleetSync: string } | null;
  state: string;
  headBranch: string;
  message: string;
  requiredApprovals: number;
  approvals: { username: string }[];
  createdAt: string;
}

export async function listImageRepositories(hub: HubClient): Promise<ImageRepositoryView[]> {
  return (await hub.request<{ imageRepositories: ImageRepositoryView[] }>('{ imageRepositories { id name namespace image suspend ready message lastScanResult { scanTime tagCount } } }'))
    .imageRepositories;
}

export async function listImagePolicies(hub: HubClient): Promise<ImagePolicyView[]> {
  return (await hub.request<{ imagePolicies: ImagePolicyView[] }>('{ imagePolicies { id name namespace imageRepository ready message latestRef { name tag digest } } }')).imagePolicies;
}

export async function listImageUpdateAutomations(hub: HubClient): Promise<ImageUpdateAutomationView[]> {
  return (await hub.request<{ imageUpdateAutomations: ImageUpdateAutomationView[] }>('{ imageUpdateAutomations { id name namespace suspend ready message lastAutomationRunTime } }'))
    .imageUpdateAutomations;
}

export async function listUpdateProposals(hub: HubClient, open: boolean): Promise<UpdateProposalView[]> {
  return (
    await hub.request<{ updateProposals: UpdateProposalView[] }>(
      'query($open: Boolean) { updateProposals(open: $open) { id automation fleetEdit { fleetSync } state headBranch message requiredApprovals approvals { username } createdAt } }',
      { open: open ? true : null },
    )
  ).updateProposals;
}
