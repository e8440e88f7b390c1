import { execFileSync } from 'node:child_process';

/** A Kustomization's document reading the GitRepository `app`, with a comment after its path kept by edits. */
export const kustomization = (name: string, p: string, comment = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
spec:
  sourceRef:
    kind: GitRepository
    name: app
  path: ${p}${comment}
  prune: true
  interval: 5m
`;

/** The fields of an UpdateProposal the fleet-edit tests read. */
export const FLEET_EDIT_PROPOSAL =
  'id automation state baseBranch headBranch baseCommit headCommit mergedCommit message requiredApprovals files { path diff before after } fleetEdit { fleetSync kind namespace name objectId file action proposedBy }';

export interface FleetEditProposal {
  id: string;
  automation: string | null;
  state: string;
  baseBranch: string;
  headBranch: string;
  baseCommit: string;
  headCommit: string;
  mergedCommit: string | null;
  message: string;
  requiredApprovals: number;
  files: { path: string; diff: string; before: string | null; after: string | null }[];
  fleetEdit: { fleetSync: string; kind: string; namespace: string; name: string; objectId: string; file: string; action: string; proposedBy: string } | null;
}

/**
 * Reads a bare repository of the test git server as the person reviewing a proposal would: a file at a ref, and
 * the branches (to show a refused proposal pushed nothing). `gitDir` is a function because the server starts in
 * beforeAll.
 */
export function bareRepo(gitDir: () => string): { show(ref: string, file: string): string; branches(): string[] } {
  return {
    show: (ref, file) => execFileSync('git', ['--git-dir', gitDir(), 'show', `${ref}:${file}`], { encoding: 'utf8' }),
    branches: () => execFileSync('git', ['--git-dir', gitDir(), 'for-each-ref', '--format=%(refname:short)', 'refs/heads'], { encoding: 'utf8' }).trim().split('\n'),
  };
}

/** The fields of a proposal the per-cluster diff tests read (fleet-edit-*-diffs.int.test.ts). */
export const FLEET_EDIT_DIFF_PROPOSAL = 'id state baseCommit clusterDiffs { kustomization helmRelease cluster added changed { object fields before after } removed error note hiddenVariables } fleetEdit { kind name action }';

export interface FleetEditClusterDiff {
  kustomization: string | null;
  helmRelease: string | null;
  cluster: string;
  added: string[];
  changed: { object: string; fields: string[]; before: string; after: string }[];
  removed: string[];
  error: string | null;
  note: string | null;
  hiddenVariables: string[];
}

export interface FleetEditDiffProposal {
  id: string;
  state: string;
  baseCommit: string;
  clusterDiffs: FleetEditClusterDiff[];
  fleetEdit: { kind: string; name: string; action: string };
}

/** A ConfigMap document with string data, for the sources these tests build. */
export const configMapYaml = (name: string, data: Record<string, string>): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"\n`)
    .join('')}`;
