// The hub's single entry to the hub⇄agent protocol (packages/protocol owns the zod schemas and negotiation).
export {
  parseMessage,
  MESSAGES,
  negotiateProtocolVersion,
  helloProtocolVersions,
  SUPPORTED_PROTOCOL_VERSIONS,
  AGENT_NAMESPACE,
  type Hello,
  type Heartbeat,
  type MessagePayloads,
  type AgentToHubMessageType,
  type ProtocolErrorCode,
  type HubToAgentEvents,
  type AgentToHubEvents,
} from '@flotilla/protocol';
