// How the hub's placements look once the agent has projected them into the cluster as Flux objects. Both sides
// read these: the agent writes and recognises the objects it owns on the hub's behalf, and anyone reading the
// cluster (`kubectl get ks -l flotilla.dev/owner=hub`) tells them from objects that came from git or kubectl.

/** On every object the agent projects from the hub's assignment; an object without it is never overwritten. */
export const HUB_OWNER_LABEL = 'flotilla.dev/owner';
export const HUB_OWNER_VALUE = 'hub';

/**
 * The hub's generation of a projected Kustomization. The API server counts its own `metadata.generation` (an
 * edit that is reverted bumps it twice); the hub is told the generation it issued.
 */
export const HUB_GENERATION_ANNOTATION = 'flotilla.dev/hub-generation';

export const isHubOwned = (labels: Readonly<Record<string, string>> | undefined): boolean => labels?.[HUB_OWNER_LABEL] === HUB_OWNER_VALUE;
