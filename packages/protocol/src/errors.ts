/** 401 codes of `POST /api/agent/register`; 400 `BAD_REQUEST` for a malformed body. */
export const REGISTRATION_ERROR_CODES = [
  'REGISTRATION_TOKEN_INVALID',
  'REGISTRATION_TOKEN_EXPIRED',
  'REGISTRATION_TOKEN_USED',
  'BAD_REQUEST',
] as const;
export type RegistrationErrorCode = (typeof REGISTRATION_ERROR_CODES)[number];

/** `data.code` of the socket.io `connect_error` when the handshake credential is refused. */
export const CREDENTIAL_ERROR_CODES = ['CREDENTIAL_INVALID', 'CREDENTIAL_REVOKED'] as const;
export type CredentialErrorCode = (typeof CREDENTIAL_ERROR_CODES)[number];

/**
 * Codes of `protocol.error`. The hub logs and counts each rejected message by code
 * (`flotilla_agent_message_errors_total{reason}`) and keeps the connection, except for
 * PROTOCOL_VERSION_UNSUPPORTED, after which nothing else can be understood.
 */
export const PROTOCOL_ERROR_CODES = [
  /** The payload does not match the schema of its message type. */
  'MESSAGE_INVALID',
  /** No such message type. */
  'MESSAGE_TYPE_UNKNOWN',
  /** The type exists, but not in the negotiated protocol version (or not in this direction). */
  'MESSAGE_TYPE_UNSUPPORTED',
  /** A message other than hello arrived before the hello was accepted. */
  'HELLO_REQUIRED',
  'PROTOCOL_VERSION_UNSUPPORTED',
  /**
   * v2: a report batch's seq skips numbers the hub has not persisted. Nothing was written; the `batch.ack` sent
   * with it carries the highest persisted seq, and the agent resends from the one after it.
   */
  'BATCH_SEQUENCE_GAP',
  /**
   * v2: the hub can never store this batch (Postgres refuses its data). Its seq is skipped: the `batch.ack` sent
   * with it covers the seq, so later batches are not blocked; the hub records the rejection as a cluster event.
   */
  'BATCH_REJECTED',
  /**
   * v2: the agent sends more report batches or bytes than the hub allows per agent. Nothing was written; the
   * agent keeps the batch and resends from its first unacknowledged seq after `retryAfterMs`.
   */
  'BATCH_RATE_LIMITED',
  /**
   * v2: the hub could not store the batch now (its database is unavailable or overloaded). Nothing was written;
   * the agent resends from its first unacknowledged seq after `retryAfterMs`.
   */
  'BATCH_NOT_STORED',
  /**
   * v2: items of a batch report on objects the hub did not place on this cluster. Those items were dropped (and
   * counted), the rest of the batch was written, and its seq is acknowledged.
   */
  'OBJECT_NOT_ASSIGNED',
  /**
   * v3: items report on more Flux objects found in the cluster than the hub keeps per cluster. Items for
   * objects the hub does not hold yet were dropped (and counted); updates of held ones and the rest were written.
   */
  'OBJECT_LIMIT_EXCEEDED',
  /**
   * v3: items claim origin `cluster` for an object the hub placed on this cluster (a cluster cannot overwrite the
   * hub's view of a placed object). Those items were dropped (and counted); the rest was written.
   */
  'OBJECT_ORIGIN_CONFLICT',
] as const;
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];

/** Exit codes of `flotilla agent`, so scripts and kubelet restarts can tell failures apart. */
export const AGENT_EXIT_CODES = {
  ok: 0,
  unexpected: 1,
  /** Registration failed: the token is wrong, expired or used (or the hub refused the request). */
  registration: 2,
  /** The hub refused or revoked the cluster credential: register the cluster again. */
  credential: 3,
  /** No common protocol version with the hub. */
  protocol: 4,
  /** Another agent connected with the same credential; the hub keeps the newest. */
  superseded: 5,
  /** Bad command-line flags. */
  usage: 64,
} as const;
export type AgentExitCode = (typeof AGENT_EXIT_CODES)[keyof typeof AGENT_EXIT_CODES];
