import type { ForgeOrigin } from './providers/forge-body.js';
import type { ProviderSettingsRow } from './providers/proposal-providers.js';
import type { ProposalRow } from './proposals.repository.js';

/**
 * A proposed hand edit of an object a FleetSync made from git, as stored with the proposal: the object, its
 * file, and its Flux document before and after (after is null for a delete). The change is applied to the
 * document again when the base branch moved before the merge.
 */
export interface StoredFleetEdit {
  kind: string;
  namespace: string;
  name: string;
  objectId: string;
  file: string;
  action: 'edit' | 'delete';
  before: Record<string, unknown>;
  after: Record<string, unknown> | null;
  userId: string;
  username: string;
}

export const fleetEditOf = (row: Pick<ProposalRow, 'fleetEdit'>): StoredFleetEdit | null =>
  typeof row.fleetEdit === 'object' && row.fleetEdit !== null && !Array.isArray(row.fleetEdit) ? (row.fleetEdit as unknown as StoredFleetEdit) : null;

/** Where a proposal comes from and how it is reviewed and merged. */
export interface ProposalOrigin {
  /** What audit entries name it by. */
  audit: Record<string, string>;
  sourceNamespace: string;
  sourceName: string;
  requiredApprovals: number;
  approverTeam: string | null;
  mergeStrategy: string;
  author: { name: string; email: string };
  autoMergeAfter: string | null;
  /** The pull-request provider's settings: the automation's, or the FleetSync's for its edits. */
  provider: ProviderSettingsRow;
  /** What its pull request says it is. */
  forge: ForgeOrigin;
  /** When a forge that failed is tried again, for messages. */
  forgeRetry: string;
  /** The person who proposed the change (a FleetSync edit's author), who may not approve it. */
  proposedBy: { userId: string; username: string } | null;
}

/**
 * A FleetSync edit needs one approval from an operator other than its author and is merged by a fast-forward:
 * the commit reaching the base branch is the one people reviewed. It is reviewed on the hub alone, or also as a
 * pull request at the FleetSync's forge when it has one (then merged there, or merged or closed at the forge).
 */
export function originOf(row: ProposalRow): ProposalOrigin {
  const a = row.automation;
  if (a) {
    return {
      audit: { automation: `${a.namespace}/${a.name}` },
      sourceNamespace: a.sourceNamespace,
      sourceName: a.sourceName,
      requiredApprovals: a.requiredApprovals,
      approverTeam: a.approverTeam,
      mergeStrategy: a.mergeStrategy,
      author: { name: a.authorName, email: a.authorEmail },
      autoMergeAfter: a.autoMergeAfter,
      provider: { owner: { kind: 'ImageUpdateAutomation', id: a.id }, provider: a.provider, providerApiUrl: a.providerApiUrl, providerRepository: a.providerRepository, providerTokenSealed: a.providerTokenSealed },
      forge: { kind: 'automation', automation: `${a.namespace}/${a.name}` },
      forgeRetry: "at the automation's next run",
      proposedBy: null,
    };
  }
  const s = row.fleetSync;
  const edit = fleetEditOf(row);
  if (!s || !edit) throw new Error(`UpdateProposal ${row.id} has neither an automation nor a FleetSync`);
  return {
    audit: { fleetSync: `${s.namespace}/${s.name}`, object: `${edit.kind}/${edit.namespace}/${edit.name}` },
    sourceNamespace: s.sourceNamespace,
    sourceName: s.sourceName,
    requiredApprovals: 1,
    approverTeam: null,
    mergeStrategy: 'fast-forward',
    author: fleetEditAuthor(edit.username),
    autoMergeAfter: null,
    provider: { owner: { kind: 'FleetSync', id: s.id }, provider: s.provider, providerApiUrl: s.providerApiUrl, providerRepository: s.providerRepository, providerTokenSealed: s.providerTokenSealed },
    forge: { kind: 'fleetEdit', fleetSync: `${s.namespace}/${s.name}`, object: `${edit.kind} ${edit.namespace}/${edit.name}`, action: edit.action, file: edit.file, proposedBy: edit.username },
    forgeRetry: "at the FleetSync's next reconcile",
    proposedBy: { userId: edit.userId, username: edit.username },
  };
}

/** The commit author of a proposed edit: the person, at an address that reaches nobody. */
export const fleetEditAuthor = (username: string): { name: string; email: string } => ({ name: username, email: `${username.replace(/[^A-Za-z0-9._-]/g, '-')}@users.noreply.flotilla` });
