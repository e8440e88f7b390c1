import type { ProposalApprovalObject, ProposalClusterDiffObject, ProposalFileDiffObject, ProposalImageChangeObject, UpdateProposalObject } from './dto/update-proposal.object.js';
import type { ProposalWithAutomation } from './proposals.repository.js';

export interface StoredApproval {
  userId: string;
  username: string;
  comment: string | null;
  at: string;
}

export const approvalsOf = (row: Pick<ProposalWithAutomation, 'approvals'>): StoredApproval[] => (Array.isArray(row.approvals) ? (row.approvals as unknown as StoredApproval[]) : []);

export function toProposalObject(row: ProposalWithAutomation): UpdateProposalObject {
  return {
    id: row.id,
    automation: `${row.automation.namespace}/${row.automation.name}`,
    state: row.state,
    baseBranch: row.baseBranch,
    headBranch: row.headBranch,
    baseCommit: row.baseCommit,
    headCommit: row.headCommit,
    message: row.message,
    files: row.files as unknown as ProposalFileDiffObject[],
    imageChanges: row.imageChanges as unknown as ProposalImageChangeObject[],
    clusterDiffs: Array.isArray(row.clusterDiffs) ? (row.clusterDiffs as unknown as ProposalClusterDiffObject[]) : [],
    approvals: approvalsOf(row).map((a): ProposalApprovalObject => ({ username: a.username, comment: a.comment, at: new Date(a.at) })),
    requiredApprovals: row.automation.requiredApprovals,
    rejectedReason: row.rejectedReason,
    mergedCommit: row.mergedCommit,
    closedBy: row.closedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
  };
}
