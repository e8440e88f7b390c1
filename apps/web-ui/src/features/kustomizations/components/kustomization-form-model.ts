import { FLUX_KINDS } from '@flotilla/reconcile-core/kinds';
import { durationError } from '../../../lib/flux/duration';
import { namespaceError, objectNameError, splitList } from '../../../lib/flux/names';
import { recordOf, stringOf } from '../../../lib/flux/spec-reading';
import type { KustomizationInput } from '../../../lib/graphql/operation-types.gen';
import { labelSelectorError } from '../../../lib/kubernetes/label-selector';
import {
  clusterNameError,
  filledRows,
  labelRules,
  validateRows,
  variableNameError,
  type KeyValueRow,
  type RowErrors,
} from '../../../lib/kubernetes/label-validation';
import type { KustomizationDetail } from '../api/kustomization-types';

// The Kustomization form as plain data: state ⇄ the hub's input (Flux field names), and validation.
export interface KustomizationFormState {
  name: string;
  /** `Kind/namespace/name` of the hub GitRepository or OCIRepository (see `sourceKey`). */
  source: string;
  path: string;
  interval: string;
  retryInterval: string;
  timeout: string;
  prune: boolean;
  wait: boolean;
  force: boolean;
  suspend: boolean;
  targetNamespace: string;
  /** Tenancy: the agent applies as this ServiceAccount of the Kustomization's namespace (impersonation). */
  serviceAccountName: string;
  dependsOn: string;
  substitute: KeyValueRow[];
  /** metadata.labels, which Receivers’ and Alerts’ matchLabels select. */
  labels: KeyValueRow[];
  clusterSelector: string;
  clusterNames: string;
}

export type KustomizationFormField =
  | 'name'
  | 'source'
  | 'path'
  | 'interval'
  | 'retryInterval'
  | 'timeout'
  | 'targetNamespace'
  | 'serviceAccountName'
  | 'dependsOn'
  | 'substitute'
  | 'labels'
  | 'clusterSelector'
  | 'clusterNames';

export interface KustomizationFormErrors {
  fields: Partial<Record<KustomizationFormField, string>>;
  substitute: RowErrors[];
  labels: RowErrors[];
  valid: boolean;
}

/** The source kinds a hub Kustomization can build. */
export type HubSourceKind = 'GitRepository' | 'OCIRepository';

const SOURCE_KINDS: readonly string[] = [FLUX_KINDS.GitRepository.kind, FLUX_KINDS.OCIRepository.kind];

/** The picker's value for a source: `Kind/namespace/name` (a GitRepository and an OCIRepository may share a name elsewhere). */
export const sourceKey = (ref: { kind: string; name: string; namespace?: string | null }, fallbackNs: string) =>
  `${ref.kind}/${ref.namespace ?? fallbackNs}/${ref.name}`;

/** `Kind/namespace/name` back into a sourceRef; a kind other than the hub's two reads as GitRepository. */
export function sourceRefOf(key: string): { kind: HubSourceKind; namespace: string; name: string } {
  const [kind = '', namespace = '', name = ''] = key.split('/');
  return { kind: SOURCE_KINDS.includes(kind) ? (kind as HubSourceKind) : 'GitRepository', namespace, name };
}

export function emptyKustomizationForm(): KustomizationFormState {
  return {
    name: '',
    source: '',
    path: './',
    interval: '10m',
    retryInterval: '',
    timeout: '',
    prune: true,
    wait: false,
    force: false,
    suspend: false,
    targetNamespace: '',
    serviceAccountName: '',
    dependsOn: '',
    substitute: [],
    labels: [],
    clusterSelector: '',
    clusterNames: '',
  };
}

type Spec = Record<string, unknown>;

export function formFromKustomization(k: KustomizationDetail): KustomizationFormState {
  const postBuild = recordOf(recordOf(k.spec).postBuild);
  const substitute = Object.entries(recordOf(postBuild.substitute)).map(([key, value]) => ({
    key,
    value: String(value),
  }));
  return {
    name: k.name,
    source: sourceKey(k.sourceRef, k.namespace),
    path: k.path,
    interval: k.interval,
    retryInterval: k.retryInterval ?? '',
    timeout: k.timeout ?? '',
    prune: k.prune,
    wait: k.wait,
    force: k.force,
    suspend: k.suspend,
    targetNamespace: k.targetNamespace ?? '',
    serviceAccountName: stringOf(recordOf(k.spec).serviceAccountName),
    dependsOn: k.dependsOn
      .map((d) => (d.namespace && d.namespace !== k.namespace ? `${d.namespace}/${d.name}` : d.name))
      .join(', '),
    substitute,
    labels: k.labels.map((l) => ({ key: l.key, value: l.value })),
    clusterSelector: k.placement.clusterSelector ?? '',
    clusterNames: k.placement.clusterNames.join(', '),
  };
}

function listProblems(entries: string[], problem: (entry: string) => string | null): string | null {
  const found = [...new Set(entries)].flatMap((e) => {
    const p = problem(e);
    return p ? [`"${e}": ${p}`] : [];
  });
  return found.length ? found.join(' ') : null;
}

/** `name` or `namespace/name` of another Kustomization. */
function dependencyError(dep: string, ownName: string): string | null {
  const slash = dep.indexOf('/');
  const name = slash < 0 ? dep : dep.slice(slash + 1);
  const problems = [
    slash >= 0
      ? dep.slice(0, slash) === ''
        ? 'Namespace is empty.'
        : namespaceError(dep.slice(0, slash))
      : null,
    objectNameError(name),
    slash < 0 && name === ownName ? 'A Kustomization cannot depend on itself.' : null,
  ].filter((p): p is string => p !== null);
  return problems.length ? problems.join(' ') : null;
}

export function validateKustomizationForm(s: KustomizationFormState): KustomizationFormErrors {
  const fields: KustomizationFormErrors['fields'] = {};
  const set = (f: KustomizationFormField, message: string | null) => {
    if (message) fields[f] = message;
  };
  set('name', objectNameError(s.name));
  if (s.source === '') set('source', 'Choose the source to build from.');
  const path = s.path.trim();
  if (path.split('/').includes('..')) set('path', 'The path must stay inside the source: no "..".');
  set('interval', durationError(s.interval, { positive: true }));
  set('retryInterval', durationError(s.retryInterval, { required: false, positive: true }));
  set('timeout', durationError(s.timeout, { required: false, positive: true }));
  set('targetNamespace', namespaceError(s.targetNamespace.trim()));
  // A ServiceAccount name is an object name (the hub's rule: a DNS-1123 subdomain); blank means the agent's own.
  if (s.serviceAccountName.trim() !== '') set('serviceAccountName', objectNameError(s.serviceAccountName.trim()));
  // Every problem of a list field at once, one sentence per entry, so fixing one does not reveal the next.
  set(
    'dependsOn',
    listProblems(splitList(s.dependsOn), (dep) => dependencyError(dep, s.name)),
  );
  const selector = s.clusterSelector.trim();
  if (selector !== '') set('clusterSelector', labelSelectorError(selector));
  set('clusterNames', listProblems(splitList(s.clusterNames), clusterNameError));
  const substitute = validateRows(s.substitute, { key: variableNameError, value: () => null });
  const labels = validateRows(s.labels, labelRules);
  return {
    fields,
    substitute: substitute.errors,
    labels: labels.errors,
    valid: Object.keys(fields).length === 0 && substitute.valid && labels.valid,
  };
}

// Spec fields this form owns; everything else in a stored spec (patches, images, healthChecks…) is kept.
const OWNED = [
  'sourceRef',
  'path',
  'interval',
  'retryInterval',
  'timeout',
  'prune',
  'wait',
  'force',
  'suspend',
  'targetNamespace',
  'serviceAccountName',
  'dependsOn',
] as const;

export function toKustomizationInput(s: KustomizationFormState, existingSpec?: unknown): KustomizationInput {
  const base = { ...recordOf(existingSpec) };
  for (const key of OWNED) delete base[key];
  const ref = sourceRefOf(s.source);
  const spec: Spec = {
    ...base,
    sourceRef: { kind: ref.kind, name: ref.name, namespace: ref.namespace },
    path: s.path.trim() === '' ? './' : s.path.trim(),
    interval: s.interval.trim(),
    prune: s.prune,
    wait: s.wait,
    force: s.force,
    suspend: s.suspend,
  };
  if (s.retryInterval.trim()) spec.retryInterval = s.retryInterval.trim();
  if (s.timeout.trim()) spec.timeout = s.timeout.trim();
  if (s.targetNamespace.trim()) spec.targetNamespace = s.targetNamespace.trim();
  if (s.serviceAccountName.trim()) spec.serviceAccountName = s.serviceAccountName.trim();
  const deps = splitList(s.dependsOn).map((d) =>
    d.includes('/')
      ? { namespace: d.slice(0, d.indexOf('/')), name: d.slice(d.indexOf('/') + 1) }
      : { name: d },
  );
  if (deps.length > 0) spec.dependsOn = deps;
  const postBuild = { ...recordOf(base.postBuild) };
  const rows = filledRows(s.substitute);
  if (rows.length > 0) postBuild.substitute = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  else delete postBuild.substitute;
  if (Object.keys(postBuild).length > 0) spec.postBuild = postBuild;
  else delete spec.postBuild;
  const selector = s.clusterSelector.trim();
  return {
    name: s.name.trim(),
    spec,
    placement: {
      clusterSelector: selector === '' ? null : selector,
      clusterNames: splitList(s.clusterNames),
    },
    labels: filledRows(s.labels),
  };
}

/** Places a hub BAD_USER_INPUT `extensions.field` (`spec.interval`, `placement.clusterSelector`…). */
export function fieldFromServer(field: string | undefined): KustomizationFormField | null {
  if (!field) return null;
  const f = field.replace(/^input\./, '');
  if (f.startsWith('spec.sourceRef')) return 'source';
  if (f.startsWith('spec.postBuild')) return 'substitute';
  if (f.startsWith('spec.decryption')) return null;
  if (f.startsWith('labels')) return 'labels';
  if (f.startsWith('spec.dependsOn')) return 'dependsOn';
  if (f.startsWith('placement.clusterSelector')) return 'clusterSelector';
  if (f.startsWith('placement.clusterNames')) return 'clusterNames';
  const last = f
    .split('.')
    .at(-1)
    ?.replace(/\[\d+\]$/, '');
  const known: readonly KustomizationFormField[] = [
    'name',
    'path',
    'interval',
    'retryInterval',
    'timeout',
    'targetNamespace',
    'serviceAccountName',
  ];
  return known.find((k) => k === last) ?? null;
}
