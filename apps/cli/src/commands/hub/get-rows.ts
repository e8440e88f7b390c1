import type { ClusterView, GitRepositoryView, KustomizationView } from '../../hub/hub-objects.js';

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

export function gitRepositoryRows(items: readonly GitRepositoryView[], allNamespaces: boolean): Rows {
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
