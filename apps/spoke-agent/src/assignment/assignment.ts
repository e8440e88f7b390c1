import type { AssignedKustomization, AssignedSource, Assignment } from '@flotilla/protocol';

// The hub's `assignment` message (protocol v2, packages/protocol/src/messages/assignment.ts): a full snapshot of
// what this cluster runs. The agent validates it with the protocol's schema at its edge and persists it as
// received, so a restart reconciles the same thing.

export { assignmentSchema, reconcileSchema as reconcileRequestSchema, batchAckSchema } from '@flotilla/protocol';
export type { Assignment, AssignedSource, AssignedKustomization };

export const DIGEST = /^sha256:[0-9a-f]{64}$/;

export const kustomizationKey = (k: { namespace: string; name: string }): string => `${k.namespace}/${k.name}`;
export const sourceKey = (s: { kind: string; namespace: string; name: string }): string => `${s.kind}/${s.namespace}/${s.name}`;
