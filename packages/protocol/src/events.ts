import type { Hello } from './messages/hello.js';
import type { Welcome } from './messages/welcome.js';
import type { Ack, Heartbeat } from './messages/heartbeat.js';
import type { ProtocolError } from './messages/protocol-error.js';
import type { Revoked, Superseded } from './messages/connection-end.js';
import type { Assignment, AssignmentAck } from './messages/assignment.js';
import type { Reconcile } from './messages/reconcile.js';
import type { Resume, Suspend } from './messages/suspend.js';
import type { BatchAck, EventsBatch, InventoryBatch, StatusBatch } from './messages/reports.js';
import type { ObjectRead, ObjectReadResult } from './messages/object-read.js';
import type { SubstituteRead, SubstituteReadResult } from './messages/substitute-read.js';
import type { KustomizationDiff, KustomizationDiffResult } from './messages/kustomization-diff.js';
import type { HelmReleaseRevisions, HelmReleaseRevisionsResult } from './messages/helm-release-revisions.js';

/** socket.io namespace of the agent gateway (websocket transport only). */
export const AGENT_NAMESPACE = '/agent';

/**
 * The HTTP path (under the hub's URL) of the agents' own socket.io engine. Browsers and agents older than it use
 * socket.io's default `/socket.io`, which the hub still serves for `/agent` too.
 */
export const AGENT_SOCKET_PATH = '/agent-socket';

/**
 * engine.io's ping interval at `AGENT_SOCKET_PATH`: a backstop only. The agents' heartbeats carry their liveness
 * (the hub drops a connection that misses its heartbeat timeout; the agent reconnects after three missed acks),
 * so 20 s pings would check the same socket twice: with 10,000 agents, 500 pings and pongs a second.
 */
export const AGENT_PING_INTERVAL_MS = 5 * 60_000;

/** `auth` of the agent's socket.io handshake. */
export interface AgentSocketAuth {
  credential: string;
}

// Typed event maps for socket.io (`Server<AgentToHubEvents, HubToAgentEvents>` on the hub,
// `Socket<HubToAgentEvents, AgentToHubEvents>` on the agent). The types describe valid traffic only:
// receivers still run every payload through parseMessage, because the peer may be anything.
export interface AgentToHubEvents {
  hello: (message: Hello) => void;
  heartbeat: (message: Heartbeat) => void;
  'assignment.ack': (message: AssignmentAck) => void;
  status: (message: StatusBatch) => void;
  inventory: (message: InventoryBatch) => void;
  events: (message: EventsBatch) => void;
  'object.read.result': (message: ObjectReadResult) => void;
  'substitute.read.result': (message: SubstituteReadResult) => void;
  'kustomization.diff.result': (message: KustomizationDiffResult) => void;
  'helmrelease.revisions.result': (message: HelmReleaseRevisionsResult) => void;
}

export interface HubToAgentEvents {
  welcome: (message: Welcome) => void;
  ack: (message: Ack) => void;
  'protocol.error': (message: ProtocolError) => void;
  revoked: (message: Revoked) => void;
  superseded: (message: Superseded) => void;
  assignment: (message: Assignment) => void;
  reconcile: (message: Reconcile) => void;
  'batch.ack': (message: BatchAck) => void;
  suspend: (message: Suspend) => void;
  resume: (message: Resume) => void;
  'object.read': (message: ObjectRead) => void;
  'substitute.read': (message: SubstituteRead) => void;
  'kustomization.diff': (message: KustomizationDiff) => void;
  'helmrelease.revisions': (message: HelmReleaseRevisions) => void;
}
