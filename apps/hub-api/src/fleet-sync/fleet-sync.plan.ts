import type { Prisma } from '@flotilla/prisma/client';
import { DomainError } from '../common/domain-error.js';
import { documentPath } from '../flux-yaml/flux-yaml.service.js';
import type { FieldPath } from '../flux-yaml/flux-yaml.parse.js';
import type { KustomizationInput } from '../kustomizations/dto/kustomization.inputs.js';
import type { Placement } from '../kustomizations/placement.js';
import { storedPlacementVariables, type PlacementVariables } from '../kustomizations/placement-variables.js';
import type { GitRepositoryWrite } from '../sources/git-repositories.repository.js';
import type { GitRepositoryInput } from '../sources/dto/git-repository.inputs.js';
import type { ValidGitRepositoryInput } from '../sources/git-repository.validation.js';
import type { FleetFiles, FleetKindDoc, FleetProblem } from './fleet-files.parse.js';

// Parsed files → the objects the hub must hold, checked by the validators the create mutations use, so a
// FleetSync accepts exactly what a form would. Every problem is collected (by file and line) before anything
// is written; one problem and the revision is not applied at all.

export type ManagedKind = 'GitRepository' | 'Kustomization';

export interface KustomizationWrite {
  spec: Prisma.InputJsonValue;
  placement: Prisma.InputJsonValue;
  labels: Prisma.InputJsonValue;
}

export type DesiredObject = { namespace: string; name: string; file: string } & ({ kind: 'GitRepository'; write: GitRepositoryWrite } | { kind: 'Kustomization'; write: KustomizationWrite });

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
}

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
  // Which Placement places each Kustomization (namespace/name).
  const placedBy = new Map<string, { file: string; name: string; placement: Placement; variables: PlacementVariables }>();
  for (const { file, placement: p } of files.placements) {
    const ns = p.namespace ?? defaultNamespace;
    for (const k of p.kustomizations) {
      const key = `${ns}/${k.name}`;
      const other = placedBy.get(key);
      if (other) problems.push({ file, line: k.line, kind: 'Placement', name: p.name, field: 'spec.kustomizations', message: `Kustomization ${key} is placed by Placement ${other.name} (${other.file}) already; a Kustomization has one placement` });
      else placedBy.set(key, { file, name: p.name, placement: p.placement, variables: p.variables });
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
        desired.push({ kind: 'GitRepository', namespace: v.namespace, name: v.name, file, write: { ...validate.gitWrite(v), labels: v.labels ?? {} } });
      } else {
        const v = validate.kustomization({ ...doc.input, namespace: doc.input.namespace ?? defaultNamespace });
        const key = `${v.namespace}/${v.name}`;
        if (!claim(`Kustomization/${key}`, file, doc)) continue;
        const placed = placedBy.get(key);
        if (placed && !EMPTY_PLACEMENT(v.placement)) {
          problems.push(at(file, doc, 'metadata.annotations', `metadata.annotations: Kustomization ${key} is placed by Placement ${placed.name} (${placed.file}); drop its placement annotations`));
          continue;
        }
        placedBy.delete(key);
        // The Placement's variables are stored with the placement they belong to (absent when none).
        const placement = placed ? { ...placed.placement, ...storedPlacementVariables(placed.variables) } : v.placement;
        desired.push({ kind: 'Kustomization', namespace: v.namespace, name: v.name, file, write: { spec: v.spec as Prisma.InputJsonValue, placement: placement as unknown as Prisma.InputJsonValue, labels: v.labels ?? {} } });
      }
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'BAD_USER_INPUT') throw err;
      problems.push(at(file, doc, err.field ? documentPath(doc, err.field) : null, err.message));
    }
  }
  // A Placement naming a Kustomization the path does not declare would silently place nothing.
  for (const { file, placement: p } of files.placements) {
    const ns = p.namespace ?? defaultNamespace;
    for (const k of p.kustomizations) {
      const entry = placedBy.get(`${ns}/${k.name}`);
      if (entry && entry.name === p.name && entry.file === file) {
        problems.push({ file, line: k.line, kind: 'Placement', name: p.name, field: 'spec.kustomizations', message: `spec.kustomizations: no Kustomization ${ns}/${k.name} under the path` });
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
