import { isMap, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { GitRepositoryInput } from '../sources/dto/git-repository.inputs.js';
import type { KustomizationInput } from '../kustomizations/dto/kustomization.inputs.js';
import type { ImagePolicyInput } from '../images/dto/image-policy.inputs.js';
import type { ImageRepositoryInput } from '../images/dto/image-repository.inputs.js';
import type { ImageUpdateAutomationInput } from '../images/dto/image-update-automation.inputs.js';
import type { HelmReleaseInput, HelmRepositoryInput } from '../helm/dto/helm.inputs.js';
import type { OciRepositoryInput } from '../oci-sources/dto/oci-repository.inputs.js';
import { AUTOMATION_ANNOTATIONS } from './automation-annotations.js';
import type { SpecContext } from './flux-yaml.fields.js';
import { HELM_OVERLAYS_ANNOTATION, readHelmRelease, readHelmRepository } from './flux-yaml.helm-kinds.js';
import { readImagePolicy, readImageRepository, readImageUpdateAutomation } from './flux-yaml.image-kinds.js';
import { ALERT_ANNOTATIONS, readAlert, readProvider, readReceiver, type FluxAlertInput } from './flux-yaml.notification-kinds.js';
import { readOciRepository } from './flux-yaml.oci.js';
import type { NotificationProviderInput } from '../notifications/dto/notification-provider.input.js';
import type { ReceiverInput } from '../notifications/dto/receiver.input.js';
import { CLUSTERS_ANNOTATION, CLUSTER_SELECTOR_ANNOTATION, placementFromAnnotations } from './placement-annotations.js';

// Flux YAML text → hub inputs, one per document, with the line of every field so a problem found later (by the
// hub's validators) is reported where it is. Pure: nothing here reads the database.

/**
 * The kinds an import creates, in the order they depend on each other (sources before what reads them), with
 * the apiVersion Flux serves them at, which export writes.
 */
export const IMPORTABLE_KINDS = {
  GitRepository: 'source.toolkit.fluxcd.io/v1',
  OCIRepository: 'source.toolkit.fluxcd.io/v1',
  HelmRepository: 'source.toolkit.fluxcd.io/v1',
  ImageRepository: 'image.toolkit.fluxcd.io/v1',
  ImagePolicy: 'image.toolkit.fluxcd.io/v1',
  ImageUpdateAutomation: 'image.toolkit.fluxcd.io/v1',
  Kustomization: 'kustomize.toolkit.fluxcd.io/v1',
  HelmRelease: 'helm.toolkit.fluxcd.io/v2',
  // Notifications last: an Alert reads its Provider, a Receiver names the objects it reconciles.
  Provider: 'notification.toolkit.fluxcd.io/v1beta3',
  Alert: 'notification.toolkit.fluxcd.io/v1beta3',
  Receiver: 'notification.toolkit.fluxcd.io/v1',
} as const;
export type ImportableKind = keyof typeof IMPORTABLE_KINDS;

/** Earlier apiVersions Flux still serves whose fields the hub reads the same way (v1beta2 has every field v1 has that the hub serves). */
const ALSO_ACCEPTED: Partial<Record<ImportableKind, readonly string[]>> = {
  OCIRepository: ['source.toolkit.fluxcd.io/v1beta2'],
  HelmRepository: ['source.toolkit.fluxcd.io/v1beta2'],
  ImageRepository: ['image.toolkit.fluxcd.io/v1beta2'],
  ImagePolicy: ['image.toolkit.fluxcd.io/v1beta2'],
  ImageUpdateAutomation: ['image.toolkit.fluxcd.io/v1beta2'],
};

/** More documents than this in one import are refused: each becomes a write and an audit entry. */
export const MAX_IMPORT_DOCUMENTS = 500;

export interface FluxYamlProblem {
  /** 1-based position of the document in the text. */
  document: number;
  /** 1-based line of the field at fault (of the document when no field is). */
  line: number;
  kind: string | null;
  name: string | null;
  /** Dotted path in the document (`spec.interval`), null for the whole document. */
  field: string | null;
  message: string;
}

interface DocBase {
  document: number;
  line: number;
  namespace: string | null;
  name: string;
  /** The line of a path in the document (`['spec', 'interval']`), or of its nearest present parent. */
  lineOf(path: FieldPath): number;
}
/** The kinds whose spec a reader of their own maps to the hub's input. */
type SpecKind =
  | { kind: 'OCIRepository'; input: OciRepositoryInput }
  | { kind: 'HelmRepository'; input: HelmRepositoryInput }
  | { kind: 'HelmRelease'; input: HelmReleaseInput }
  | { kind: 'ImageRepository'; input: ImageRepositoryInput }
  | { kind: 'ImagePolicy'; input: ImagePolicyInput }
  | { kind: 'ImageUpdateAutomation'; input: ImageUpdateAutomationInput }
  | { kind: 'Provider'; input: NotificationProviderInput }
  | { kind: 'Alert'; input: FluxAlertInput }
  | { kind: 'Receiver'; input: ReceiverInput };
export type ParsedDoc = DocBase & ({ kind: 'GitRepository'; input: GitRepositoryInput } | { kind: 'Kustomization'; input: KustomizationInput } | SpecKind);

/** Fields the API server sets; an object read back with `kubectl get -o yaml` imports without editing them out. */
const SERVER_SET_METADATA = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'finalizers', 'selfLink']);
const METADATA_FIELDS = new Set(['name', 'namespace', 'annotations', 'labels']);
/** Our annotations, each with the kinds that carry it. */
const PLACED: readonly ImportableKind[] = ['Kustomization', 'HelmRelease'];
const OUR_ANNOTATIONS = new Map<string, readonly ImportableKind[]>([
  [CLUSTER_SELECTOR_ANNOTATION, PLACED],
  [CLUSTERS_ANNOTATION, PLACED],
  [HELM_OVERLAYS_ANNOTATION, ['HelmRelease']],
  ...Object.keys(AUTOMATION_ANNOTATIONS).map((key) => [key, ['ImageUpdateAutomation'] as const] as const),
  ...ALERT_ANNOTATIONS.map((key) => [key, ['Alert'] as const] as const),
]);
const GIT_SPEC_FIELDS = new Set(['url', 'ref', 'interval', 'timeout', 'ignore', 'suspend']);
const GIT_REF_FIELDS = new Set(['branch', 'tag', 'semver', 'name', 'commit']);
/** GitRepository fields Flux has and the hub does not serve (credentials are set in the hub, never in YAML). */
const GIT_UNSERVED = new Set(['secretRef', 'provider', 'verify', 'proxySecretRef', 'recurseSubmodules', 'include', 'sparseCheckout']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A path in a document; a string is split on dots (annotation keys, which hold dots, are given as arrays). */
export type FieldPath = string | readonly (string | number)[];

const segments = (field: FieldPath): (string | number)[] =>
  typeof field === 'string' ? field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [...field];

export interface ParseResult {
  docs: ParsedDoc[];
  problems: FluxYamlProblem[];
}

export function parseFluxYaml(text: string): ParseResult {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const docs: ParsedDoc[] = [];
  const problems: FluxYamlProblem[] = [];
  const lineAt = (offset: number) => lines.linePos(offset).line;
  if (list.length > MAX_IMPORT_DOCUMENTS) {
    problems.push({ document: MAX_IMPORT_DOCUMENTS + 1, line: 1, kind: null, name: null, field: null, message: `more than ${MAX_IMPORT_DOCUMENTS} documents; import them in parts` });
    return { docs, problems };
  }
  list.forEach((doc, i) => {
    const document = i + 1;
    const docLine = lineAt(doc.contents?.range?.[0] ?? doc.range[0]);
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      problems.push({ document, line: e.linePos?.[0]?.line ?? docLine, kind: null, name: null, field: null, message: `not YAML: ${e.message.split('\n')[0]}` });
      return;
    }
    if (doc.contents === null) return; // an empty document (`---` at the end) is not an object
    const parsed = parseDocument(doc, document, docLine, lineAt);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else docs.push(parsed.doc);
  });
  return { docs, problems };
}

export function lineFinder(doc: Document, docLine: number, lineAt: (offset: number) => number): (field: FieldPath) => number {
  return (field) => {
    const path = segments(field);
    while (path.length > 0) {
      const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      // A key's line is where its value starts; a map value starts on the line below its key, so take the pair's key.
      const parent = path.length > 1 ? (doc.getIn(path.slice(0, -1), true) as unknown) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === path.at(-1));
        const key = pair?.key as { range?: [number, number, number] } | undefined;
        if (key?.range) return lineAt(key.range[0]);
      }
      if (node?.range) return lineAt(node.range[0]);
      path.pop();
    }
    return docLine;
  };
}

function parseDocument(doc: Document, document: number, docLine: number, lineAt: (offset: number) => number): { doc: ParsedDoc } | { problems: FluxYamlProblem[] } {
  const lineOf = lineFinder(doc, docLine, lineAt);
  const value: unknown = doc.toJS();
  const problems: FluxYamlProblem[] = [];
  const kindRaw = isRecord(value) && typeof value.kind === 'string' ? value.kind : null;
  const nameRaw = isRecord(value) && isRecord(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : null;
  const problem = (field: FieldPath | null, message: string) => {
    const shown = field === null ? null : segments(field).join('.');
    problems.push({ document, line: field ? lineOf(field) : docLine, kind: kindRaw, name: nameRaw, field: shown, message: shown ? `${shown}: ${message}` : message });
  };
  if (!isRecord(value)) {
    problem(null, 'a document must be a Kubernetes object (a map with apiVersion, kind, metadata and spec)');
    return { problems };
  }
  if (kindRaw === null) {
    problem('kind', 'is required');
    return { problems };
  }
  if (!(kindRaw in IMPORTABLE_KINDS)) {
    problem('kind', `unknown kind "${kindRaw}": the hub imports ${Object.keys(IMPORTABLE_KINDS).join(', ')}`);
    return { problems };
  }
  const kind = kindRaw as ImportableKind;
  const accepted = [IMPORTABLE_KINDS[kind], ...(ALSO_ACCEPTED[kind] ?? [])];
  if (!accepted.includes(value.apiVersion as string)) problem('apiVersion', `${kind} is served as ${accepted.join(' or ')} (got ${JSON.stringify(value.apiVersion ?? null)})`);
  for (const key of Object.keys(value)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(key)) problem(key, `unknown field "${key}"`);
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  if (nameRaw === null) problem('metadata.name', 'is required');
  for (const key of Object.keys(metadata)) {
    if (SERVER_SET_METADATA.has(key) || METADATA_FIELDS.has(key)) continue;
    problem(`metadata.${key}`, `unknown field "${key}"`);
  }
  // The document is the whole object: no labels in it means none (an update clears the stored ones).
  if (metadata.labels !== undefined && !isRecord(metadata.labels)) problem('metadata.labels', 'must be a map');
  const labelMap = isRecord(metadata.labels) ? metadata.labels : {};
  for (const [key, v] of Object.entries(labelMap)) if (typeof v !== 'string') problem(['metadata', 'labels', key], 'must be a string');
  const labels = Object.entries(labelMap).map(([key, v]) => ({ key, value: String(v) }));
  const annotations = isRecord(metadata.annotations) ? (metadata.annotations as Record<string, string>) : {};
  for (const key of Object.keys(annotations)) {
    const owners = OUR_ANNOTATIONS.get(key);
    if (owners === undefined) problem(['metadata', 'annotations', key], 'the hub keeps no annotations but its own (placement.flotilla.dev/*, helm.flotilla.dev/*, image-automation.flotilla.dev/*, alert.flotilla.dev/*)');
    else if (!owners.includes(kind)) problem(['metadata', 'annotations', key], owners === PLACED ? `only a Kustomization or a HelmRelease has a placement (this is a ${kind})` : `${key} belongs on ${owners.join(' or ')} objects only (this is a ${kind})`);
  }
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : null;
  if (!isRecord(value.spec)) {
    problem('spec', 'is required');
    return { problems };
  }
  const spec = value.spec;
  if (problems.length > 0 || nameRaw === null) return { problems };
  const base = { document, line: docLine, namespace, name: nameRaw, lineOf };
  if (kind === 'Kustomization') {
    return { doc: { ...base, kind, input: { name: nameRaw, namespace, spec, placement: placementFromAnnotations(annotations), labels } } };
  }
  if (kind !== 'GitRepository') {
    const ctx: SpecContext = { name: nameRaw, namespace, labels, annotations, report: problem };
    const doc = readerOf(kind, spec, ctx);
    return problems.length > 0 ? { problems } : { doc: { ...base, ...doc } };
  }
  for (const key of Object.keys(spec)) {
    if (GIT_UNSERVED.has(key)) problem(`spec.${key}`, key === 'secretRef' ? 'credentials are not imported: set them on the hub’s GitRepository (they are stored encrypted)' : `a Flux field the hub does not serve`);
    else if (!GIT_SPEC_FIELDS.has(key)) problem(`spec.${key}`, `unknown field "${key}"`);
  }
  if (spec.ref !== undefined && !isRecord(spec.ref)) problem('spec.ref', 'must be a map');
  const ref = isRecord(spec.ref) ? spec.ref : undefined;
  for (const key of Object.keys(ref ?? {})) if (!GIT_REF_FIELDS.has(key)) problem(`spec.ref.${key}`, `unknown field "${key}"`);
  const str = (field: string, v: unknown): string | null => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    problem(field, 'must be a string');
    return null;
  };
  if (spec.suspend !== undefined && typeof spec.suspend !== 'boolean') problem('spec.suspend', 'must be true or false');
  const input: GitRepositoryInput = {
    name: nameRaw,
    namespace,
    url: str('spec.url', spec.url) ?? '',
    ref: ref
      ? { branch: str('spec.ref.branch', ref.branch), tag: str('spec.ref.tag', ref.tag), semver: str('spec.ref.semver', ref.semver), name: str('spec.ref.name', ref.name), commit: str('spec.ref.commit', ref.commit) }
      : null,
    interval: str('spec.interval', spec.interval),
    timeout: str('spec.timeout', spec.timeout),
    ignore: str('spec.ignore', spec.ignore),
    suspend: typeof spec.suspend === 'boolean' ? spec.suspend : null,
    labels,
  };
  if (problems.length > 0) return { problems };
  return { doc: { ...base, kind, input } };
}

function readerOf(kind: SpecKind['kind'], spec: Record<string, unknown>, ctx: SpecContext): SpecKind {
  switch (kind) {
    case 'OCIRepository':
      return { kind, input: readOciRepository(spec, ctx) };
    case 'HelmRepository':
      return { kind, input: readHelmRepository(spec, ctx) };
    case 'HelmRelease':
      return { kind, input: readHelmRelease(spec, ctx) };
    case 'ImageRepository':
      return { kind, input: readImageRepository(spec, ctx) };
    case 'ImagePolicy':
      return { kind, input: readImagePolicy(spec, ctx) };
    case 'ImageUpdateAutomation':
      return { kind, input: readImageUpdateAutomation(spec, ctx) };
    case 'Provider':
      return { kind, input: readProvider(spec, ctx) };
    case 'Alert':
      return { kind, input: readAlert(spec, ctx) };
    case 'Receiver':
      return { kind, input: readReceiver(spec, ctx) };
  }
}
