import { CliError, EXIT } from './exit-codes.js';
import type { HubClient } from './hub-client.js';

/** A hub kind by flux's command words for it, the GraphQL list it is found in and its delete mutation. */
export interface HubKindInfo {
  kind: string;
  /** As flux spells it: `source git`, `image policy`, `alert-provider`, … (the last word may have an alias). */
  words: string[];
  alias?: string;
  list: string;
  mutation: string;
}

export const HUB_KINDS: readonly HubKindInfo[] = [
  {
    kind: 'GitRepository',
    words: ['source', 'git'],
    list: 'gitRepositories',
    mutation: 'deleteGitRepository',
  },
  { kind: 'OCIRepository', words: ['source', 'oci'], list: 'ociRepositories', mutation: 'deleteOciRepository' },
  { kind: 'HelmRepository', words: ['source', 'helm'], list: 'helmRepositories', mutation: 'deleteHelmRepository' },
  {
    kind: 'Kustomization',
    words: ['kustomization'],
    alias: 'ks',
    list: 'kustomizations',
    mutation: 'deleteKustomization',
  },
  { kind: 'HelmRelease', words: ['helmrelease'], alias: 'hr', list: 'helmReleases', mutation: 'deleteHelmRelease' },
  {
    kind: 'ImageRepository',
    words: ['image', 'repository'],
    list: 'imageRepositories',
    mutation: 'deleteImageRepository',
  },
  { kind: 'ImagePolicy', words: ['image', 'policy'], list: 'imagePolicies', mutation: 'deleteImagePolicy' },
  {
    kind: 'ImageUpdateAutomation',
    words: ['image', 'update'],
    list: 'imageUpdateAutomations',
    mutation: 'deleteImageUpdateAutomation',
  },
  { kind: 'Alert', words: ['alert'], list: 'alerts', mutation: 'deleteAlert' },
  {
    kind: 'Provider',
    words: ['alert-provider'],
    list: 'notificationProviders',
    mutation: 'deleteNotificationProvider',
  },
  { kind: 'Receiver', words: ['receiver'], list: 'receivers', mutation: 'deleteReceiver' },
];

/**
 * The kinds `suspend` and `resume` take (the hub's SuspendKind): those with Flux's spec.suspend. Flux's CLI
 * suspends no ImagePolicy.
 */
export const SUSPEND_KINDS: readonly HubKindInfo[] = HUB_KINDS.filter((k) => k.kind !== 'ImagePolicy');

export function hubKind(kind: string): HubKindInfo {
  return HUB_KINDS.find((k) => k.kind === kind)!;
}

/** The id of the object of that kind, namespace and name, or undefined. */
export async function lookupObjectId(hub: HubClient, kind: HubKindInfo, namespace: string, name: string): Promise<string | undefined> {
  const data = await hub.request<Record<string, { id: string; name: string; namespace: string }[]>>(`{ ${kind.list} { id name namespace } }`);
  return (data[kind.list] ?? []).find((o) => o.namespace === namespace && o.name === name)?.id;
}

/** The id of the object of that kind, namespace and name; exit 4 when there is none. */
export async function findObjectId(hub: HubClient, kind: HubKindInfo, namespace: string, name: string): Promise<string> {
  const id = await lookupObjectId(hub, kind, namespace, name);
  if (id === undefined) throw new CliError(EXIT.notFound, `${kind.kind} "${namespace}/${name}" not found`);
  return id;
}
