import { createHash } from 'node:crypto';
import type { Prisma } from '@flotilla/prisma/client';
import { canonicalJson } from '../common/canonical-json.js';
import { DomainError } from '../common/domain-error.js';
import { documentPath, inDocumentTerms, providerKey } from '../flux-yaml/flux-yaml.service.js';
import type { FieldPath, ImportableKind, ParsedDoc } from '../flux-yaml/flux-yaml.parse.js';
import type { KustomizationInput } from '../kustomizations/dto/kustomization.inputs.js';
import type { Placement } from '../kustomizations/placement.js';
import { storedPlacementVariables, type PlacementVariables } from '../kustomizations/placement-variables.js';
import type { GitRepositoryWrite } from '../sources/git-repositories.repository.js';
import type { GitRepositoryInput } from '../sources/dto/git-repository.inputs.js';
import type { ValidGitRepositoryInput } from '../sources/git-repository.validation.js';
import type { FleetFiles, FleetKindDoc, FleetProblem } from './fleet-files.parse.js';
import { specSuspendOf } from './git-suspend.js';
import type { ParsedPlacement } from './placement-kind.parse.js';

// Parsed files → the objects the hub must hold, checked by the validators the create mutations use, so a
// FleetSync accepts exactly what a form would. Every problem is collected (by file and line) before anything
// is written; one problem and the revision is not applied at all.

/** Every kind the Flux YAML import accepts. */
export type ManagedKind = ImportableKind;
/**
 * The kinds written through their services (the import's write path: credentials kept, chart checks, events),
 * each known unchanged by a digest of what was last applied. GitRepository and Kustomization are compared field
 * by field and written by the FleetSync itself.
 */
export type ServiceKind = Exclude<ManagedKind, 'GitRepository' | 'Kustomization'>;
export type ServiceDoc = Extract<ParsedDoc, { kind: ServiceKind }>;

export interface KustomizationWrite {
  spec: Prisma.InputJsonValue;
  placement: Prisma.InputJsonValue;
  labels: Prisma.InputJsonValue;
}

export type DesiredObject = { namespace: string; name: string; file: string } & (
  // gitSuspend: the document's spec.suspend, null when it leaves it out (then the object's current one is kept).
  | { kind: 'GitRepository'; write: GitRepositoryWrite; gitSuspend: boolean | null }
  | { kind: 'Kustomization'; write: KustomizationWrite; gitSuspend: boolean | null }
  | { kind: ServiceKind; doc: ServiceDoc; digest: string }
);

/** Flux's change-set vocabulary. */
export interface FleetChange {
  id: string;
  kind: ManagedKind;
  namespace: string;
  name: string;
  file: string;
  action: 'created' | 'configured' | 'unchanged' | 'deleted';
}

export interface FleetValidators {
  git(input: GitRepositoryInput): ValidGitRepositoryInput;
  /** The hub's URL policy for sources (refused hosts). */
  gitUrl(url: string): void;
  gitWrite(v: ValidGitRepositoryInput): GitRepositoryWrite;
  kustomization(input: KustomizationInput): { namespace: string; name: string; spec: unknown; placement: Placement; labels: Record<string, string> | undefined };
  /** The import's checks for a document of the other kinds (it may complete the input from the stored object). */
  document(doc: ServiceDoc): { namespace: string; name: string; placement: Placement | null };
  /** Whether the hub holds `Kind/namespace/name` now. */
  exists(key: string): boolean;
}

/** The problem of a validator's refusal, at the document's field it names. */
export function refusalAt(file: string, doc: ParsedDoc, err: DomainError): FleetProblem {
  const path = err.field ? documentPath(doc, err.field) : null;
  return {
    file,
    line: path === null ? doc.line : doc.lineOf(path),
    kind: doc.kind,
    name: doc.name,
    field: path === null ? null : typeof path === 'string' ? path : path.join('.'),
    message: inDocumentTerms(doc, err.field, path, err.message),
  };
}

const digestOf = (doc: ServiceDoc): string => createHash('sha256').update(canonicalJson({ kind: doc.kind, input: doc.input })).digest('hex');

const EMPTY_PLACEMENT = (p: Placement) => p.clusterSelector === null && p.clusterNames.length === 0;

export function planFleet(files: FleetFiles, validate: FleetValidators, defaultNamespace: string): { desired: DesiredObject[]; problems: FleetProblem[] } {
  const problems = [...files.problems];
  const at = (file: string, doc: FleetKindDoc, path: FieldPath | null, message: string): FleetProblem => ({
    file,
    line: path === null ? doc.line : doc.lineOf(path),
    kind: doc.kind,
    name: doc.name,
    field: path === null ? null : typeof path === 'string' ? path : path.join('.'),
    message,
  });
  // Which Placement places each Kustomization and HelmRelease (Kind/namespace/name).
  const placedBy = new Map<string, { file: string; name: string; placement: Placement; variables: PlacementVariables }>();
  const placedLists = (p: ParsedPlacement) =>
    [
      { kind: 'Kustomization', field: 'spec.kustomizations', names: p.kustomizations },
      { kind: 'HelmRelease', field: 'spec.helmReleases', names: p.helmReleases },
    ] as const;
  for (const { file, placement: p } of files.placements) {
    const ns = p.namespace ?? defaultNamespace;
    for (const { kind, field, names } of placedLists(p)) {
      for (const k of names) {
        const key = `${kind}/${ns}/${k.name}`;
        const other = placedBy.get(key);
        if (other) problems.push({ file, line: k.line, kind: 'Placement', name: p.name, field, message: `${kind} ${ns}/${k.name} is placed by Placement ${other.name} (${other.file}) already; a ${kind} has one placement` });
        else placedBy.set(key, { file, name: p.name, placement: p.placement, variables: p.variables });
      }
    }
  }
  const desired: DesiredObject[] = [];
  const seen = new Map<string, string>();
  for (const { file, doc } of files.docs) {
    try {
      if (doc.kind === 'GitRepository') {
        const v = validate.git({ ...doc.input, namespace: doc.input.namespace ?? defaultNamespace });
        validate.gitUrl(v.spec.url);
        if (!claim(`GitRepository/${v.namespace}/${v.name}`, file, doc)) continue;
        desired.push({ kind: 'GitRepository', namespace: v.namespace, name: v.name, file, write: { ...validate.gitWrite(v), labels: v.labels ?? {} }, gitSuspend: doc.input.suspend ?? null });
      } else if (doc.kind === 'Kustomization') {
        const v = validate.kustomization({ ...doc.input, namespace: doc.input.namespace ?? defaultNamespace });
        const key = `${v.namespace}/${v.name}`;
        if (!claim(`Kustomization/${key}`, file, doc)) continue;
        const placed = placedBy.get(`Kustomization/${key}`);
        // Declared: whatever else is wrong, the Placement does not name a missing Kustomization.
        placedBy.delete(`Kustomization/${key}`);
        if (placed && !EMPTY_PLACEMENT(v.placement)) {
          problems.push(at(file, doc, 'metadata.annotations', `metadata.annotations: Kustomization ${key} is placed by Placement ${placed.name} (${placed.file}); drop its placement annotations`));
          continue;
        }
        // The Placement's variables are stored with the placement they belong to (absent when none).
        const placement = placed ? { ...placed.placement, ...storedPlacementVariables(placed.variables) } : v.placement;
        desired.push({ kind: 'Kustomization', namespace: v.namespace, name: v.name, file, write: { spec: v.spec as Prisma.InputJsonValue, placement: placement as unknown as Prisma.InputJsonValue, labels: v.labels ?? {} }, gitSuspend: specSuspendOf(doc.input.spec) });
      } else {
        // A document without a namespace takes the FleetSync's, as the GitRepository and Kustomization above do.
        doc.input.namespace = doc.input.namespace ?? defaultNamespace;
        const v = validate.document(doc);
        const key = `${v.namespace}/${v.name}`;
        if (!claim(`${doc.kind}/${key}`, file, doc)) continue;
        if (doc.kind === 'HelmRelease') {
          const placed = placedBy.get(`HelmRelease/${key}`);
          placedBy.delete(`HelmRelease/${key}`);
          if (placed && v.placement !== null && !EMPTY_PLACEMENT(v.placement)) {
            problems.push(at(file, doc, 'metadata.annotations', `metadata.annotations: HelmRelease ${key} is placed by Placement ${placed.name} (${placed.file}); drop its placement annotations`));
            continue;
          }
          if (placed) doc.input.placement = { clusterSelector: placed.placement.clusterSelector, clusterNames: [...placed.placement.clusterNames] };
        }
        desired.push({ kind: doc.kind, namespace: v.namespace, name: v.name, file, doc, digest: digestOf(doc) });
      }
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'BAD_USER_INPUT') throw err;
      problems.push(refusalAt(file, doc, err));
    }
  }
  // What the import checks across documents: an Alert's Provider is in the path or at the hub, and a
  // GitRepository and an OCIRepository of one name (the same ExternalArtifact in clusters) are not both made.
  const declared = new Set(desired.map((d) => `${d.kind}/${d.namespace}/${d.name}`));
  const known = (key: string) => declared.has(key) || validate.exists(key);
  for (const d of desired) {
    if ('doc' in d && d.doc.kind === 'Alert') {
      const key = providerKey(d.doc.input, d.namespace);
      if (!known(key)) problems.push(at(d.file, d.doc, 'spec.providerRef.name', `spec.providerRef.name: no ${key.replace('/', ' ')} exists or is declared`));
    }
    const other = d.kind === 'OCIRepository' ? 'GitRepository' : d.kind === 'GitRepository' ? 'OCIRepository' : null;
    if (other && known(`${other}/${d.namespace}/${d.name}`) && !validate.exists(`${d.kind}/${d.namespace}/${d.name}`)) {
      const doc = files.docs.find((f) => f.file === d.file && f.doc.kind === d.kind && f.doc.name === d.name)?.doc;
      if (doc) problems.push(at(d.file, doc, 'metadata.name', `metadata.name: a ${other} ${d.namespace}/${d.name} exists or is declared too; both would be the ExternalArtifact ${d.name} in clusters`));
    }
  }
  // A Placement naming an object the path does not declare would silently place nothing.
  for (const { file, placement: p } of files.placements) {
    const ns = p.namespace ?? defaultNamespace;
    for (const { kind, field, names } of placedLists(p)) {
      for (const k of names) {
        const entry = placedBy.get(`${kind}/${ns}/${k.name}`);
        if (entry && entry.name === p.name && entry.file === file) {
          problems.push({ file, line: k.line, kind: 'Placement', name: p.name, field, message: `${field}: no ${kind} ${ns}/${k.name} under the path` });
        }
      }
    }
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { desired, problems };

  function claim(key: string, file: string, doc: FleetKindDoc): boolean {
    const other = seen.get(key);
    if (other !== undefined) {
      problems.push(at(file, doc, 'metadata.name', `metadata.name: ${key} is declared twice (also in ${other})`));
      return false;
    }
    seen.set(key, file);
    return true;
  }
}
