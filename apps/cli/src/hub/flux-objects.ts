import type { HubClient } from './hub-client.js';

// The Flux objects the clusters' agents report (hub-placed Kustomizations and what each cluster runs on its
// own), their inventories and trees, as `get helmreleases`, `tree` and `trace` read them.

export interface FluxObjectView {
  clusterId: string;
  clusterName: string;
  kind: string;
  namespace: string;
  name: string;
  origin: 'HUB' | 'CLUSTER';
  kustomizationId: string | null;
  parent: { namespace: string; name: string } | null;
  ready: string;
  reason: string | null;
  message: string | null;
  revision: string | null;
  suspended: boolean;
  updatedAt: string;
}

export interface FluxTreeNodeView {
  depth: number;
  group: string;
  kind: string;
  namespace: string | null;
  name: string;
  fluxObject: Pick<FluxObjectView, 'ready' | 'reason' | 'revision' | 'suspended'> | null;
}

export interface InventoryHitView {
  clusterId: string;
  clusterName: string;
  group: string;
  kind: string;
  namespace: string | null;
  name: string;
  ownerKind: string;
  ownerNamespace: string;
  ownerName: string;
}

export interface FluxObjectRef {
  clusterId: string;
  kind: string;
  namespace: string;
  name: string;
}

const FLUX_FIELDS =
  'clusterId clusterName kind namespace name origin kustomizationId parent { namespace name } ready reason message revision suspended updatedAt';

/** Every Flux object of these kinds the agents reported, on one cluster or all, page after page. */
export async function listFluxObjects(
  hub: HubClient,
  kinds: string[],
  clusterId?: string,
): Promise<FluxObjectView[]> {
  const out: FluxObjectView[] = [];
  let after: string | null = null;
  for (;;) {
    const data: {
      fluxObjects: { edges: { cursor: string; node: FluxObjectView }[]; pageInfo: { hasNextPage: boolean } };
    } = await hub.request(
      `query($f: FluxObjectFilter, $a: String) { fluxObjects(filter: $f, first: 200, after: $a) { edges { cursor node { ${FLUX_FIELDS} } } pageInfo { hasNextPage } } }`,
      { f: { kinds, clusterId: clusterId ?? null }, a: after },
    );
    out.push(...data.fluxObjects.edges.map((e) => e.node));
    if (!data.fluxObjects.pageInfo.hasNextPage || data.fluxObjects.edges.length === 0) return out;
    after = data.fluxObjects.edges.at(-1)!.cursor;
  }
}

/** One Flux object as its agent last reported it; null when the agent has not reported it. */
export async function getFluxObject(hub: HubClient, ref: FluxObjectRef): Promise<FluxObjectView | null> {
  return (
    await hub.request<{ fluxObject: FluxObjectView | null }>(
      `query($r: FluxObjectRefInput!) { fluxObject(ref: $r) { ${FLUX_FIELDS} } }`,
      { r: ref },
    )
  ).fluxObject;
}

/** The most lines of `flux tree` asked of the hub for one object (its query cost limit allows about this many). */
export const MAX_TREE_NODES = 1000;

export async function fluxObjectTree(
  hub: HubClient,
  ref: FluxObjectRef,
): Promise<{ root: FluxObjectView; nodes: FluxTreeNodeView[]; truncated: boolean }> {
  const data = await hub.request<{
    fluxObjectTree: { root: FluxObjectView; nodes: FluxTreeNodeView[]; truncated: boolean };
  }>(
    `query($r: FluxObjectRefInput!, $n: Int) { fluxObjectTree(ref: $r, first: $n) { root { ${FLUX_FIELDS} } truncated nodes { depth group kind namespace name fluxObject { ready reason revision suspended } } } }`,
    { r: ref, n: MAX_TREE_NODES },
  );
  return data.fluxObjectTree;
}

/**
 * Inventory entries whose name starts with `text` (at least 3 characters), or whose kind is `text`, as the
 * fleet search finds them; `truncated` says more exist than the 50 returned.
 */
export async function searchInventory(
  hub: HubClient,
  text: string,
): Promise<{ hits: InventoryHitView[]; truncated: boolean }> {
  const data = await hub.request<{ fleetSearch: { inventory: InventoryHitView[]; truncated: boolean } }>(
    'query($q: String!) { fleetSearch(query: $q, first: 50) { truncated inventory { clusterId clusterName group kind namespace name ownerKind ownerNamespace ownerName } } }',
    { q: text },
  );
  return { hits: data.fleetSearch.inventory, truncated: data.fleetSearch.truncated };
}
