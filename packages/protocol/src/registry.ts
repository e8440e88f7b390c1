import type { z } from 'zod';
import { helloSchema } from './messages/hello.js';
import { welcomeSchema } from './messages/welcome.js';
import { ackSchema, heartbeatSchema } from './messages/heartbeat.js';
import { protocolErrorSchema } from './messages/protocol-error.js';
import { revokedSchema, supersededSchema } from './messages/connection-end.js';
import { assignmentAckSchema, assignmentSchema } from './messages/assignment.js';
import { reconcileSchema } from './messages/reconcile.js';
import { resumeSchema, suspendSchema } from './messages/suspend.js';
import { objectReadResultSchema, objectReadSchema } from './messages/object-read.js';
import { substituteReadResultSchema, substituteReadSchema } from './messages/substitute-read.js';
import { kustomizationDiffResultSchema, kustomizationDiffSchema } from './messages/kustomization-diff.js';
import { helmReleaseRevisionsResultSchema, helmReleaseRevisionsSchema } from './messages/helm-release-revisions.js';
import { batchAckSchema, eventsBatchSchema, inventoryBatchSchema, statusBatchSchema } from './messages/reports.js';

export type MessageDirection = 'agentToHub' | 'hubToAgent';

interface MessageSpec<D extends MessageDirection, S extends z.ZodType> {
  direction: D;
  /** First protocol version that has this message; a peer on an older negotiated version must not send it. */
  since: number;
  schema: S;
}

function spec<D extends MessageDirection, S extends z.ZodType>(direction: D, since: number, schema: S): MessageSpec<D, S> {
  return { direction, since, schema };
}

/**
 * Every socket message, keyed by its socket.io event name. Later versions add entries with a higher `since`;
 * earlier entries never change incompatibly. Object schemas strip unknown keys, so a newer peer may add
 * optional fields.
 */
export const MESSAGES = {
  hello: spec('agentToHub', 1, helloSchema),
  heartbeat: spec('agentToHub', 1, heartbeatSchema),
  welcome: spec('hubToAgent', 1, welcomeSchema),
  ack: spec('hubToAgent', 1, ackSchema),
  'protocol.error': spec('hubToAgent', 1, protocolErrorSchema),
  revoked: spec('hubToAgent', 1, revokedSchema),
  superseded: spec('hubToAgent', 1, supersededSchema),
  // v2: GitOps delivery (assignments, reconcile requests, report batches with per-agent sequence numbers).
  assignment: spec('hubToAgent', 2, assignmentSchema),
  'assignment.ack': spec('agentToHub', 2, assignmentAckSchema),
  reconcile: spec('hubToAgent', 2, reconcileSchema),
  status: spec('agentToHub', 2, statusBatchSchema),
  inventory: spec('agentToHub', 2, inventoryBatchSchema),
  events: spec('agentToHub', 2, eventsBatchSchema),
  'batch.ack': spec('hubToAgent', 2, batchAckSchema),
  // v3: acting on Flux objects found in the cluster.
  suspend: spec('hubToAgent', 3, suspendSchema),
  resume: spec('hubToAgent', 3, resumeSchema),
  // v5: one object a Kustomization applied, live and as last built, read on request.
  'object.read': spec('hubToAgent', 5, objectReadSchema),
  'object.read.result': spec('agentToHub', 5, objectReadResultSchema),
  // v6: what a Kustomization's substituteFrom reads in the cluster (Secrets by their keys only), read on request.
  'substitute.read': spec('hubToAgent', 6, substituteReadSchema),
  'substitute.read.result': spec('agentToHub', 6, substituteReadResultSchema),
  // v6: what a server-side dry-run apply of a Kustomization's objects would change (`flotilla diff kustomization`).
  'kustomization.diff': spec('hubToAgent', 6, kustomizationDiffSchema),
  'kustomization.diff.result': spec('agentToHub', 6, kustomizationDiffResultSchema),
  // v7: two revisions of a HelmRelease's helm release, values and manifest, masked (the hub's revision diff).
  'helmrelease.revisions': spec('hubToAgent', 7, helmReleaseRevisionsSchema),
  'helmrelease.revisions.result': spec('agentToHub', 7, helmReleaseRevisionsResultSchema),
} as const;

export type MessageType = keyof typeof MESSAGES;
export type MessagePayloads = { [K in MessageType]: z.infer<(typeof MESSAGES)[K]['schema']> };
export type AgentToHubMessageType = { [K in MessageType]: (typeof MESSAGES)[K]['direction'] extends 'agentToHub' ? K : never }[MessageType];
export type HubToAgentMessageType = Exclude<MessageType, AgentToHubMessageType>;

export function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(MESSAGES, type);
}
