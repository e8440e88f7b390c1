// Per-cluster variables a Placement of the fleet as code gives the Kustomizations it places. They are kept in the
// Kustomization's stored placement next to the selector and names (only when there are some, so a placement
// without variables is stored as before), and join the cluster's postBuild substitution variables.

/** As stored in a Kustomization's placement: for every placed cluster, and for named clusters. */
export interface PlacementVariables {
  variables: Record<string, string>;
  clusterVariables: Record<string, Record<string, string>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const stringMap = (v: unknown): Record<string, string> =>
  isRecord(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

export function placementVariablesOf(json: unknown): PlacementVariables {
  const o = isRecord(json) ? json : {};
  const perCluster = isRecord(o.clusterVariables) ? o.clusterVariables : {};
  return { variables: stringMap(o.variables), clusterVariables: Object.fromEntries(Object.entries(perCluster).map(([name, vars]) => [name, stringMap(vars)])) };
}

/** The keys a placement stores its variables under; absent when empty. */
export function storedPlacementVariables(v: PlacementVariables): Partial<PlacementVariables> {
  return {
    ...(Object.keys(v.variables).length > 0 ? { variables: v.variables } : {}),
    ...(Object.keys(v.clusterVariables).length > 0 ? { clusterVariables: v.clusterVariables } : {}),
  };
}

/**
 * The variables a Kustomization's placement gives one cluster: the Placement's `variables`, then those of the
 * cluster's own entry, which win.
 */
export function placedVariables(placementJson: unknown, clusterName: string): Record<string, string> {
  const v = placementVariablesOf(placementJson);
  return { ...v.variables, ...(Object.hasOwn(v.clusterVariables, clusterName) ? v.clusterVariables[clusterName] : {}) };
}
