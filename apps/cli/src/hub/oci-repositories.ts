import type { HubClient } from './hub-client.js';

/** A hub OCIRepository as the CLI reads it (never its credentials: the hub answers only their kind). */
export interface OciRepositoryView {
  id: string;
  name: string;
  namespace: string;
  url: string;
  suspend: boolean;
  ready: string;
  message: string | null;
  lastHandledReconcileAt: string | null;
  artifact: { revision: string; digest: string } | null;
  spec: Record<string, unknown>;
}

const OCI_FIELDS = 'id name namespace url suspend ready message lastHandledReconcileAt artifact { revision digest } spec';

export async function listOciRepositories(hub: HubClient): Promise<OciRepositoryView[]> {
  return (await hub.request<{ ociRepositories: OciRepositoryView[] }>(`{ ociRepositories { ${OCI_FIELDS} } }`)).ociRepositories;
}
