import { z } from 'zod';

// The hub's view of the hub⇄agent protocol (contract-issue3.md). packages/protocol owns the canonical zod
// schemas; this file is the single place the gateway reads them from, so adopting them is a one-file change.

export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];

const shortText = z.string().min(1).max(256);
const protocolVersion = z.number().int().min(1).max(1_000_000);

export const helloSchema = z.object({
  protocolVersion,
  supportedProtocolVersions: z.array(protocolVersion).min(1).max(32).optional(),
  agentVersion: shortText,
  kubernetesVersion: z.string().min(1).max(64).nullable(),
  nodeCount: z.number().int().min(0).max(1_000_000).nullable(),
  capabilities: z.array(z.string().min(1).max(64)).max(64),
  lastGeneration: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type Hello = z.infer<typeof helloSchema>;

export const heartbeatSchema = z.object({
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sentAt: z.iso.datetime({ offset: true }),
});

export type ProtocolErrorCode =
  | 'MESSAGE_INVALID'
  | 'MESSAGE_TYPE_UNKNOWN'
  | 'MESSAGE_TYPE_UNSUPPORTED'
  | 'HELLO_REQUIRED'
  | 'PROTOCOL_VERSION_UNSUPPORTED';

export function negotiate(hello: Hello): { ok: true; version: number } | { ok: false; message: string } {
  const offered = hello.supportedProtocolVersions ?? [hello.protocolVersion];
  const common = offered.filter((v) => SUPPORTED_PROTOCOL_VERSIONS.includes(v));
  if (common.length === 0) {
    return {
      ok: false,
      message: `no common protocol version: agent speaks ${offered.join(', ')}, hub speaks ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}; upgrade the older side`,
    };
  }
  return { ok: true, version: Math.max(...common) };
}

/** Event names on the wire. */
export const agentToHub = ['hello', 'heartbeat'] as const;
export type AgentToHubType = (typeof agentToHub)[number];
