import * as z from 'zod';
import { protocolVersionNumber, sequenceNumber, shortText } from '../limits.js';

/** agent → hub, first message on every connection. */
export const helloSchema = z.object({
  /** The newest protocol version the agent speaks. */
  protocolVersion: protocolVersionNumber,
  /** Every version the agent speaks; absent means only `protocolVersion`. Added so v2 agents can still talk to v1 hubs. */
  supportedProtocolVersions: z.array(protocolVersionNumber).min(1).max(32).optional(),
  agentVersion: shortText,
  /** gitVersion from the cluster's `/version`; null when the agent could not read it (it still connects). */
  kubernetesVersion: z.string().min(1).max(64).nullable(),
  /** Number of Node objects; null when the agent could not list them. */
  nodeCount: z.number().int().min(0).max(1_000_000).nullable(),
  capabilities: z.array(z.string().min(1).max(64)).max(64),
  /** Generation of the last assignment the agent applied; 0 before the first one. */
  lastGeneration: sequenceNumber,
});
export type Hello = z.infer<typeof helloSchema>;

/** The versions to negotiate with for a hello. */
export function helloProtocolVersions(hello: Pick<Hello, 'protocolVersion' | 'supportedProtocolVersions'>): number[] {
  return hello.supportedProtocolVersions ?? [hello.protocolVersion];
}
