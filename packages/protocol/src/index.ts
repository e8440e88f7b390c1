export { PROTOCOL_VERSION, PROTOCOL_HISTORY, SUPPORTED_PROTOCOL_VERSIONS, negotiateProtocolVersion, type NegotiationResult } from './version.js';
export {
  AGENT_EXIT_CODES,
  CREDENTIAL_ERROR_CODES,
  PROTOCOL_ERROR_CODES,
  REGISTRATION_ERROR_CODES,
  type AgentExitCode,
  type CredentialErrorCode,
  type ProtocolErrorCode,
  type RegistrationErrorCode,
} from './errors.js';
export { helloSchema, helloProtocolVersions, type Hello } from './messages/hello.js';
export { welcomeSchema, type Welcome } from './messages/welcome.js';
export { heartbeatSchema, ackSchema, type Heartbeat, type Ack } from './messages/heartbeat.js';
export { protocolErrorSchema, type ProtocolError } from './messages/protocol-error.js';
export {
  revokedSchema,
  supersededSchema,
  connectErrorDataSchema,
  type Revoked,
  type Superseded,
  type ConnectErrorData,
} from './messages/connection-end.js';
export {
  assignmentSchema,
  assignmentAckSchema,
  assignedSourceSchema,
  assignedKustomizationSchema,
  assignedHelmReleaseSchema,
  type Assignment,
  type AssignmentAck,
  type AssignedSource,
  type AssignedKustomization,
  type AssignedHelmRelease,
} from './messages/assignment.js';
export { HUB_GENERATION_ANNOTATION, HUB_OWNER_LABEL, HUB_OWNER_VALUE, isHubOwned } from './messages/hub-owned.js';
export { reconcileSchema, type Reconcile } from './messages/reconcile.js';
export {
  objectReadSchema,
  objectReadResultSchema,
  OBJECT_READ_ERROR_CODES,
  MAX_READ_OBJECT_CHARS,
  type ObjectRead,
  type ObjectReadResult,
  type ObjectReadErrorCode,
} from './messages/object-read.js';
export { suspendSchema, resumeSchema, type Suspend, type Resume } from './messages/suspend.js';
export {
  substituteReadSchema,
  substituteReadResultSchema,
  SUBSTITUTE_READ_ERROR_CODES,
  MAX_SUBSTITUTE_DATA_CHARS,
  type SubstituteRead,
  type SubstituteReadResult,
  type SubstituteReadSource,
} from './messages/substitute-read.js';
export {
  kustomizationDiffSchema,
  kustomizationDiffResultSchema,
  KUSTOMIZATION_DIFF_ERROR_CODES,
  MAX_DIFF_OBJECTS,
  MAX_DIFF_CHARS,
  type KustomizationDiff,
  type KustomizationDiffResult,
  type DiffEntry,
} from './messages/kustomization-diff.js';
export {
  helmReleaseRevisionsSchema,
  helmReleaseRevisionsResultSchema,
  HELM_REVISIONS_ERROR_CODES,
  type HelmReleaseRevisions,
  type HelmReleaseRevisionsResult,
  type HelmRevisionContent,
  type HelmRevisionsErrorCode,
} from './messages/helm-release-revisions.js';
export { fluxKindName, fluxObjectRefSchema, objectOrigin, OBJECT_ORIGINS, type FluxObjectRef, type ObjectOrigin } from './messages/flux-object-ref.js';
export {
  fluxObjectReport,
  fluxObjectDeleted,
  PARENT_NAME_LABEL,
  PARENT_NAMESPACE_LABEL,
  type FluxObjectAsRead,
  type FluxObjectReport,
  type FluxObjectReportErrorCode,
} from './reports/flux-object-report.js';
export { WORKLOAD_KINDS, isWorkload, workloadImages } from './reports/workload-images.js';
export {
  helmReleaseStatusSchema,
  helmSnapshotSchema,
  MAX_HELM_HISTORY,
  type HelmReleaseStatusWire,
  type HelmSnapshotWire,
} from './messages/helm-release-status.js';
export {
  statusBatchSchema,
  snapshotMarkerSchema,
  inventoryBatchSchema,
  eventsBatchSchema,
  batchAckSchema,
  conditionSchema,
  inventoryEntrySchema,
  imageReference,
  MAX_ENTRY_IMAGES,
  MAX_ENTRY_HEALTH_MESSAGE,
  entryHealthSchema,
  reportEventSchema,
  statusItemSchema,
  fluxObjectStatusItemSchema,
  fluxObjectDeletedItemSchema,
  fluxObjectInventoryItemSchema,
  parentRefSchema,
  isDeletedItem,
  type StatusBatch,
  type SnapshotMarker,
  type InventoryBatch,
  type EventsBatch,
  type BatchAck,
  type ConditionWire,
  type InventoryEntryWire,
  type EntryHealthWire,
  type ReportEvent,
  type StatusItem,
  type FluxObjectStatusItem,
  type FluxObjectDeletedItem,
  type FluxObjectInventoryItem,
  type ParentRef,
  MAX_REPORT_ITEMS,
} from './messages/reports.js';
export { MAX_MESSAGE_BYTES, artifactDigest } from './limits.js';
export { isStorableText, storableText, storableValue } from './text.js';
export {
  AGENT_REGISTER_PATH,
  registrationRequestSchema,
  registrationResponseSchema,
  registrationErrorResponseSchema,
  type RegistrationRequest,
  type RegistrationResponse,
  type RegistrationErrorResponse,
} from './registration.js';
export {
  MESSAGES,
  isMessageType,
  type MessageDirection,
  type MessageType,
  type MessagePayloads,
  type AgentToHubMessageType,
  type HubToAgentMessageType,
} from './registry.js';
export { parseMessage, type ParseOptions, type ParseResult, type MessageRejection } from './parse-message.js';
export { AGENT_NAMESPACE, AGENT_PING_INTERVAL_MS, AGENT_SOCKET_PATH, type AgentSocketAuth, type AgentToHubEvents, type HubToAgentEvents } from './events.js';
