export { runAgentCli, DEFAULT_AGENT_NAMESPACE, type AgentCliIo } from './agent/agent-cli.js';
export { runAgent, type AgentDeps } from './agent/run-agent.js';
export { AGENT_USAGE, parseAgentArgs } from './config/agent-args.js';
export { CREDENTIAL_SECRET_NAME } from './credentials/secret-credential-store.js';
export { AGENT_VERSION } from './version.js';
export { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './connection/backoff.js';
export { createJsonLogger, type Logger } from './logging/logger.js';
