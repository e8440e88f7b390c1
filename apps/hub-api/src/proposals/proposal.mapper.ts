import type { ProposalApprovalObject, ProposalClusterDiffObject, ProposalFileDiffObject, ProposalImageChangeObject, UpdateProposalObject } from './dto/update-proposal.object.js';
import type { ManualEdit } from '../images/automation/automation-run.js';
import { fleetEditOf, originOf } from './proposal-origin.js';
import type { ProposalRow } from './proposals.repository.js';

export interface StoredManualEdit extends ManualEdit {
  userId: string;
  username: string;
  at: string;
}

export const manualEditsOf = (row: Pick<ProposalRow, 'manualEdits'>): StoredManualEdit[] => (Array.isArray(row.manualEdits) ? (row.manualEdits as unknown as StoredManualEdit[]) : []);
const stringsOf = (json: unknown): string[] => (Array.isArray(json) ? json.filter((x): x is string => typeof x === 'string') : []);

export interface StoredApproval {
  userId: string;
  username: string;
  comment: string | null;
  at: string;
}

export const approvalsOf = (row: Pick<ProposalRow, 'approvals'>): StoredApproval[] => (Array.isArray(row.approvals) ? (row.approvals as unknown as StoredApproval[]) : []);

export function toProposalObject(row: ProposalRow): UpdateProposalObject {
  const edit = fleetEditOf(row);
  return {
    id: row.id,
    automation: row.automation ? `${row.automation.namespace}/${row.automation.name}` : null,
    fleetEdit:
      row.fleetSync && edit
        ? { fleetSyncId: row.fleetSync.id, fleetSync: `${row.fleetSync.namespace}/${row.fleetSync.name}`, kind: edit.kind, namespace: edit.namespace, name: edit.name, objectId: edit.objectId, file: edit.file, action: edit.action, proposedBy: edit.username }
        : null,
    state: row.state,
    baseBranch: row.baseBranch,
    headBranch: row.headBranch,
    baseCommit: row.baseCommit,
    headCommit: row.headCommit,
    message: row.message,
    files: row.files as unknown as ProposalFileDiffObject[],
    imageChanges: row.imageChanges as unknown as ProposalImageChangeObject[],
    // Diffs stored before hidden variables and notes were recorded have neither.
    clusterDiffs: Array.isArray(row.clusterDiffs) ? (row.clusterDiffs as unknown as ProposalClusterDiffObject[]).map((d) => ({ ...d, kustomization: d.kustomization ?? null, helmRelease: d.helmRelease ?? null, hiddenVariables: d.hiddenVariables ?? [], note: d.note ?? null })) : [],
    approvals: approvalsOf(row).map((a): ProposalApprovalObject => ({ username: a.username, comment: a.comment, at: new Date(a.at) })),
    manualEdits: manualEditsOf(row).map((e) => ({ path: e.path, username: e.username, at: new Date(e.at) })),
    conflictFiles: stringsOf(row.conflictFiles),
    requiredApprovals: originOf(row).requiredApprovals,
    rejectedReason: row.rejectedReason,
    mergedCommit: row.mergedCommit,
    closedBy: row.closedBy,
    forgeUrl: row.forgeUrl,
    forgeNumber: row.forgeNumber,
    forgeError: row.forgeError,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
  };
}
