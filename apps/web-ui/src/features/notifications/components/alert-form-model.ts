import type { AlertInput, AlertMode } from '../../../lib/graphql/operation-types.gen';
import { filledRows, type KeyValueRow } from '../../../lib/kubernetes/label-validation';
import type { Alert } from '../api/list-alerts';
import { splitList } from './split-list';

/** The kinds an Alert's event source may name, as Flux's Alert CRD enumerates them. */
export const SOURCE_KINDS = [
  'Kustomization',
  'GitRepository',
  'HelmRelease',
  'HelmChart',
  'HelmRepository',
  'OCIRepository',
  'Bucket',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
  'ArtifactGenerator',
  'ExternalArtifact',
] as const;

export interface EventSourceRow {
  kind: string;
  name: string;
  namespace: string;
  matchLabels: KeyValueRow[];
}

export interface AlertFormState {
  namespace: string;
  name: string;
  providerId: string;
  eventSeverity: string;
  sources: EventSourceRow[];
  clusterLabels: string;
  clusterNames: string;
  mode: AlertMode;
  groupWindowSeconds: string;
  inclusion: string;
  exclusion: string;
  eventMetadata: KeyValueRow[];
  summary: string;
  suspend: boolean;
}

export const newEventSource = (): EventSourceRow => ({
  kind: 'Kustomization',
  name: '*',
  namespace: '',
  matchLabels: [],
});

export function alertFormState(a?: Alert): AlertFormState {
  return {
    namespace: a?.namespace ?? '',
    name: a?.name ?? '',
    providerId: a?.providerId ?? '',
    eventSeverity: a?.eventSeverity ?? 'info',
    sources: a
      ? a.eventSources.map((s) => ({
          kind: s.kind,
          name: s.name,
          namespace: s.namespace ?? '',
          matchLabels: s.matchLabels.map(({ key, value }) => ({ key, value })),
        }))
      : [newEventSource()],
    clusterLabels: a?.clusterSelector.labels ?? '',
    clusterNames: a?.clusterSelector.names.join(', ') ?? '',
    mode: a?.mode ?? 'EVERY',
    groupWindowSeconds: String(a?.groupWindowSeconds ?? 0),
    inclusion: a?.inclusionList.join('\n') ?? '',
    exclusion: a?.exclusionList.join('\n') ?? '',
    eventMetadata: a?.eventMetadata.map(({ key, value }) => ({ key, value })) ?? [],
    summary: a?.summary ?? '',
    suspend: a?.suspend ?? false,
  };
}

/** Regexes are one per line (a comma may belong to a regex); names are comma- or line-separated. */
const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function alertInput(s: AlertFormState, fallbackProviderId: string): AlertInput {
  return {
    ...(s.namespace ? { namespace: s.namespace } : {}),
    name: s.name.trim(),
    providerId: s.providerId || fallbackProviderId,
    eventSeverity: s.eventSeverity,
    eventSources: s.sources.map((r) => ({
      kind: r.kind,
      name: r.name.trim(),
      namespace: r.namespace.trim() || null,
      matchLabels: filledRows(r.matchLabels),
    })),
    clusterSelector: { labels: s.clusterLabels.trim() || null, names: splitList(s.clusterNames) },
    mode: s.mode,
    groupWindowSeconds: Number(s.groupWindowSeconds) || 0,
    inclusionList: lines(s.inclusion),
    exclusionList: lines(s.exclusion),
    eventMetadata: filledRows(s.eventMetadata),
    summary: s.summary.trim() || null,
    suspend: s.suspend,
  };
}
