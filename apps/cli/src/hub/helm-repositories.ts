import type { HubClient } from './hub-client.js';

/** A hub HelmRepository as the CLI reads it (never its credentials: the hub answers only their kind). */
export interface HelmRepositoryView {
  id: string;
  name: string;
  namespace: string;
  type: string;
  url: string;
  suspend: boolean;
  ready: string;
  message: string | null;
  lastHandledReconcileAt: string | null;
  artifact: { revision: string; digest: string } | null;
}

const HELM_FIELDS = 'id name namespace type url suspend ready message lastHandledReconcileAt artifact { revision digest }';

export async function listHelmRepositories(hub: HubClient): Promise<HelmRepositoryView[]> {
  return (await hub.request<{ helmRepositories: HelmRepositoryView[] }>(`{ helmRepositories { ${HELM_FIELDS} } }`)).helmRepositories;
}
