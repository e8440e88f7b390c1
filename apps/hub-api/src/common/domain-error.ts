/**
 * Every error the hub reports on purpose. One filter (common/error.filter.ts) maps codes to GraphQL
 * `extensions.code` and HTTP statuses; tests assert on the code, never on the text.
 */
export type DomainErrorCode =
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'TOO_MANY_ATTEMPTS'
  | 'FORBIDDEN'
  | 'CSRF_TOKEN_INVALID'
  // People: users and API tokens
  | 'ACCOUNT_DISABLED'
  | 'CURRENT_PASSWORD_WRONG'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'USER_NOT_FOUND'
  | 'USERNAME_TAKEN'
  | 'LAST_ADMIN'
  | 'CANNOT_DELETE_SELF'
  | 'API_TOKEN_NOT_FOUND'
  | 'TOKEN_ROLE_TOO_HIGH'
  // Teams and their grants
  | 'TEAM_NOT_FOUND'
  | 'TEAM_GRANT_NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'CLUSTER_NOT_FOUND'
  | 'CLUSTER_NAME_TAKEN'
  | 'REGISTRATION_TOKEN_INVALID'
  | 'REGISTRATION_TOKEN_EXPIRED'
  | 'REGISTRATION_TOKEN_USED'
  // GitOps: sources, Kustomizations, placement.
  | 'SOURCE_NOT_FOUND'
  | 'KUSTOMIZATION_NOT_FOUND'
  | 'NAME_TAKEN'
  | 'SOURCE_IN_USE'
  | 'FLUX_OBJECT_NOT_FOUND'
  /** Picking a revision of a source other than a GitRepository, which is all it fetches. */
  | 'REVISION_PICKING_UNSUPPORTED'
  /** The hub could not fetch a revision of a source (an unknown tag, a refused connection); the engine's message says why. */
  | 'SOURCE_FETCH_FAILED'
  /** The hub already runs as many source fetches for previews as it allows at once. */
  | 'TOO_MANY_FETCHES'
  /** The object is made by a FleetSync from git: edit it there. */
  | 'MANAGED_BY_GIT'
  /** A change proposed in git for an object no FleetSync made: it is edited at the hub instead. */
  | 'NOT_MANAGED_BY_GIT'
  | 'FLEET_SYNC_NOT_FOUND'
  // Image automation: ImageRepositories, ImagePolicies.
  | 'IMAGE_OBJECT_NOT_FOUND'
  | 'PROPOSAL_NOT_FOUND'
  /** The proposal is not in a state that allows the step (approve a merged one, merge an unapproved one). */
  | 'PROPOSAL_STATE'
  /** The base branch moved since the proposal was built: it is being rebuilt, nothing was merged. */
  | 'PROPOSAL_OUTDATED'
  /** Someone who edited a proposal by hand may not approve it. */
  | 'PROPOSAL_SELF_APPROVAL'
  /** The automation's pull-request provider (a forge) failed or is not set up; its message says why. */
  | 'PROPOSAL_PROVIDER'
  // Notifications: Providers and Alerts.
  | 'PROVIDER_NOT_FOUND'
  | 'ALERT_NOT_FOUND'
  | 'RECEIVER_NOT_FOUND'
  /** A Provider that Alerts still send to cannot be deleted. */
  | 'PROVIDER_IN_USE'
  /** An operation needs the cluster's agent, which is not connected (or speaks too old a protocol). */
  | 'AGENT_NOT_CONNECTED'
  /** The cluster's agent did not answer in time. */
  | 'AGENT_TIMEOUT'
  /** The cluster's agent answered that it could not do what was asked (its message says why). */
  | 'AGENT_FAILED'
  /** The object exists but its placement does not select that cluster. */
  | 'NOT_PLACED';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** For BAD_USER_INPUT: the input field at fault (`selector`, `input.labels[0].key`). */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const badInput = (field: string, message: string): DomainError => new DomainError('BAD_USER_INPUT', message, field);
