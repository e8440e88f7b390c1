import { AGENT_EXIT_CODES, type AgentExitCode } from '@flotilla/protocol';
import type { ClusterInfoSource } from '../cluster/cluster-info.js';
import { DEFAULT_BACKOFF, backoffDelayMs, sleep, type BackoffPolicy } from '../connection/backoff.js';
import type { OpenHubLink } from '../connection/hub-link.js';
import { runConnection } from '../connection/run-connection.js';
import { CredentialStoreError, type CredentialStore } from '../credentials/credential-store.js';
import { startGitOps, type GitOpsOptions, type GitOpsRuntime } from '../gitops/gitops-runtime.js';
import type { Logger } from '../logging/logger.js';
import type { registerWithHub } from '../registration/register-with-hub.js';
import { AGENT_VERSION } from '../version.js';
import { obtainCredential } from './obtain-credential.js';

export interface AgentDeps {
  hubUrl: string;
  token: string | undefined;
  logger: Logger;
  store: CredentialStore;
  clusterInfo: ClusterInfoSource;
  openLink: OpenHubLink;
  register: typeof registerWithHub;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  backoff?: BackoffPolicy;
  random?: () => number;
  welcomeTimeoutMs?: number;
  /** Reconcile the hub's assignments on this cluster (absent: connect-only). */
  gitops?: GitOpsOptions;
}

/** The agent's outer loop: credential → connect → (lost → backoff → connect)* until fatal or stopped. */
export async function runAgent(deps: AgentDeps): Promise<AgentExitCode> {
  const { logger } = deps;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  if (deps.token) logger.addSecret(deps.token);

  let credentialOutcome;
  try {
    credentialOutcome = await obtainCredential({ ...deps, backoff });
  } catch (err) {
    if (!(err instanceof CredentialStoreError)) throw err;
    logger.error(err.message);
    return AGENT_EXIT_CODES.unexpected;
  }
  if (credentialOutcome.kind === 'stopped') return stopped(logger);
  if (credentialOutcome.kind === 'fatal') {
    logger.error(credentialOutcome.message, { exitCode: credentialOutcome.exitCode });
    return credentialOutcome.exitCode;
  }
  const { credential, clusterId } = credentialOutcome.stored;
  logger.addSecret(credential);

  let gitops: GitOpsRuntime | undefined;
  if (deps.gitops) gitops = await startGitOps(deps.gitops, { hubUrl: deps.hubUrl, credential, clusterId }, logger);
  let end: LoopEnd;
  try {
    end = await connectLoop(deps, credential, clusterId, backoff, gitops);
  } finally {
    await gitops?.stop();
  }
  // Logged last, after the reconciler stopped: the final line says why the agent ended.
  if (end.kind === 'stopped') return stopped(logger);
  logger.error(end.message, { exitCode: end.exitCode, clusterId });
  return end.exitCode;
}

type LoopEnd = { kind: 'stopped' } | { kind: 'fatal'; exitCode: AgentExitCode; message: string };

async function connectLoop(deps: AgentDeps, credential: string, clusterId: string, backoff: BackoffPolicy, gitops: GitOpsRuntime | undefined): Promise<LoopEnd> {
  const { logger, signal } = deps;
  let attempt = 0;
  while (!signal.aborted) {
    const { info, errors } = await deps.clusterInfo.read();
    for (const error of errors) logger.warn(error);
    logger.info('connecting to the hub', { hub: deps.hubUrl, clusterId, attempt });
    const outcome = await runConnection({
      hubUrl: deps.hubUrl,
      credential,
      hello: { agentVersion: AGENT_VERSION, kubernetesVersion: info.kubernetesVersion, nodeCount: info.nodeCount, capabilities: gitops ? ['kustomization'] : [], lastGeneration: gitops?.generation() ?? 0 },
      ...(gitops ? { session: gitops.session } : {}),
      openLink: deps.openLink,
      logger,
      signal,
      ...(deps.welcomeTimeoutMs ? { welcomeTimeoutMs: deps.welcomeTimeoutMs } : {}),
    });
    if (outcome.kind === 'stopped') break;
    if (outcome.kind === 'fatal') return { kind: 'fatal', exitCode: outcome.exitCode, message: outcome.message };
    if (outcome.welcomed) attempt = 0;
    const delayMs = backoffDelayMs(attempt, backoff, deps.random);
    attempt += 1;
    logger.warn('connection to the hub lost; reconnecting', { reason: outcome.reason, retryInMs: delayMs, attempt });
    await sleep(delayMs, signal);
  }
  return { kind: 'stopped' };
}

function stopped(logger: Logger): AgentExitCode {
  logger.info('agent stopped');
  return AGENT_EXIT_CODES.ok;
}
