/**
 * An edit form of an object managed by git, in propose mode: submitting commits the edit to the object's file
 * on a new branch as a proposal instead of saving it; `onProposed` gets the new proposal's id.
 */
export interface ProposeInGit {
  onProposed: (proposalId: string) => void;
}

export const PROPOSE_LABEL = 'Propose change in git';
