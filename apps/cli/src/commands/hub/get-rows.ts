import type {
  ClusterView,
  GitRepositoryView,
  ImagePolicyView,
  ImageRepositoryView,
  ImageUpdateAutomationView,
  KustomizationView,
  UpdateProposalView,
} from '../../hub/hub-objects.js';
import type { FluxObjectView } from '../../hub/flux-objects.js';

// The rows `flotilla get` prints, as flux's `get` columns: NAME, REVISION, SUSPENDED, READY, MESSAGE; with
// all namespaces NAMESPACE comes first, and a Kustomization, which the hub places on clusters, has one row per
// cluster with CLUSTER before NAME.

export interface Rows {
  headers: string[];
  rows: string[][];
  /** What identifies each row for `--watch` when its cells change on their own (an event's age); default: the cells. */
  keys?: string[];
}

const bool = (b: boolean) => (b ? 'True' : 'False');

/** `flux get sources git|oci`: NAME, REVISION (the artifact's: `<tag>@sha256:…` for OCI), SUSPENDED, READY, MESSAGE. */
/** `flux get sources git|oci|helm`: the same columns for every source kind. */
export function sourceRows(items: readonly Pick<GitRepositoryView, 'namespace' | 'name' | 'suspend' | 'ready' | 'message' | 'artifact'>[], allNamespaces: boolean): Rows {
  return {
    headers: [...(allNamespaces ? ['namespace'] : []), 'name', 'revision', 'suspended', 'ready', 'message'],
    rows: items.map((g) => [...(allNamespaces ? [g.namespace] : []), g.name, g.artifact?.revision ?? '', bool(g.suspend), g.ready, g.message ?? '']),
  };
}

export function kustomizationRows(items: readonly KustomizationView[], opts: { allNamespaces: boolean; clusterIds?: ReadonlySet<string> }): Rows {
  const rows: string[][] = [];
  for (const k of items) {
    const placed = k.clusters.filter((c) => !opts.clusterIds || opts.clusterIds.has(c.cluster.id));
    const ns = opts.allNamespaces ? [k.namespace] : [];
    if (placed.length === 0 && !opts.clusterIds) rows.push([...ns, k.name, '', '', bool(k.suspend), 'Unknown', 'not placed on any cluster']);
    for (const c of placed) rows.push([...ns, k.name, c.cluster.name, c.lastAppliedRevision ?? '', bool(k.suspend), c.ready, c.message ?? '']);
  }
  return { headers: [...(opts.allNamespaces ? ['namespace'] : []), 'name', 'cluster', 'revision', 'suspended', 'ready', 'message'], rows };
}

/**
 * `flux get helmreleases` columns with CLUSTER after NAME, as for Kustomizations: one row per cluster that
 * reported the HelmRelease.
 */
export function helmReleaseRows(items: readonly FluxObjectView[], allNamespaces: boolean): Rows {
  return {
    headers: [...(allNamespaces ? ['namespace'] : []), 'name', 'cluster', 'revision', 'suspended', 'ready', 'message'],
    rows: items.map((h) => [...(allNamespaces ? [h.namespace] : []), h.name, h.clusterName, h.revision ?? '', bool(h.suspended), h.ready, h.message ?? '']),
  };
}

export function clusterRows(items: readonly ClusterView[]): Rows {
  return {
    headers: ['name', 'connection', 'agent', 'kubernetes', 'labels'],
    rows: items.map((c) => [
      c.name,
      c.connectionState,
      c.agentVersion ?? '',
      c.kubernetesVersion ?? '',
      c.labels.map((l) => `${l.key}=${l.value}`).join(','),
    ]),
  };
}

const time = (iso: string | null | undefined) => (iso ? iso.replace(/\.\d+Z$/, 'Z') : '');

/** `flux get images repository`: NAME, LAST SCAN, SUSPENDED, READY, MESSAGE. */
export function imageRepositoryRows(items: readonly ImageRepositoryView[], allNamespaces: boolean): Rows {
  return {
    headers: [...(allNamespaces ? ['namespace'] : []), 'name', 'last scan', 'suspended', 'ready', 'message'],
    rows: items.map((r) => [...(allNamespaces ? [r.namespace] : []), r.name, time(r.lastScanResult?.scanTime), bool(r.suspend), r.ready, r.message ?? '']),
  };
}

/** `flux get images policy`: NAME, LATEST IMAGE, READY, MESSAGE. */
export function imagePolicyRows(items: readonly ImagePolicyView[], allNamespaces: boolean): Rows {
  return {
    headers: [...(allNamespaces ? ['namespace'] : []), 'name', 'latest image', 'ready', 'message'],
    rows: items.map((p) => [...(allNamespaces ? [p.namespace] : []), p.name, p.latestRef ? `${p.latestRef.name}:${p.latestRef.tag}` : '', p.ready, p.message ?? '']),
  };
}

/** `flux get images update`: NAME, LAST RUN, SUSPENDED, READY, MESSAGE. */
export function imageUpdateRows(items: readonly ImageUpdateAutomationView[], allNamespaces: boolean): Rows {
  return {
    headers: [...(allNamespaces ? ['namespace'] : []), 'name', 'last run', 'suspended', 'ready', 'message'],
    rows: items.map((u) => [...(allNamespaces ? [u.namespace] : []), u.name, time(u.lastAutomationRunTime), bool(u.suspend), u.ready, u.message ?? '']),
  };
}

/** Update proposals (the hub's pull requests), newest first. */
export function proposalRows(items: readonly UpdateProposalView[]): Rows {
  return {
    headers: ['id', 'origin', 'state', 'approvals', 'branch', 'message'],
    rows: items.map((p) => [p.id, p.automation ?? `fleetsync ${p.fleetEdit?.fleetSync ?? ''}`, p.state, `${p.approvals.length}/${p.requiredApprovals}`, p.headBranch, p.message.split('\n')[0] ?? '']),
  };
}
