import { AGENT_EXIT_CODES, type AgentExitCode } from '@flotilla/protocol';
import { backoffDelayMs, sleep, type BackoffPolicy } from '../connection/backoff.js';
import { sha256Hex, type CredentialStore, type StoredCredential } from '../credentials/credential-store.js';
import type { Logger } from '../logging/logger.js';
import type { registerWithHub } from '../registration/register-with-hub.js';
import { AGENT_VERSION } from '../version.js';

export type CredentialOutcome =
  | { kind: 'credential'; stored: StoredCredential }
  | { kind: 'fatal'; exitCode: AgentExitCode; message: string }
  | { kind: 'stopped' };

export interface ObtainCredentialOptions {
  hubUrl: string;
  token: string | undefined;
  store: CredentialStore;
  register: typeof registerWithHub;
  logger: Logger;
  signal: AbortSignal;
  backoff: BackoffPolicy;
  random?: () => number;
  now?: () => Date;
}

/**
 * A stored credential for this hub is reused (the token is single-use), unless a different token is given:
 * a new token means the operator registered the cluster again, e.g. after revoking the old credential.
 */
export async function obtainCredential(options: ObtainCredentialOptions): Promise<CredentialOutcome> {
  const { hubUrl, token, store, logger, signal } = options;
  const stored = await store.load();
  const tokenSha256 = token ? sha256Hex(token) : undefined;
  if (stored && stored.hubUrl === hubUrl && (!tokenSha256 || !stored.tokenSha256 || stored.tokenSha256 === tokenSha256)) {
    logger.info('using the stored cluster credential', { clusterId: stored.clusterId, clusterName: stored.clusterName, store: store.location });
    return { kind: 'credential', stored };
  }
  if (stored && stored.hubUrl !== hubUrl) logger.info('the stored credential belongs to another hub; registering', { storedHub: stored.hubUrl, store: store.location });
  else if (stored) logger.info('a new registration token was given; registering again', { store: store.location });

  if (!token) {
    return {
      kind: 'fatal',
      exitCode: AGENT_EXIT_CODES.registration,
      message: `no credential for ${hubUrl} in ${store.location} and no registration token: pass --token (create one in the hub UI)`,
    };
  }
  // Fail before spending the single-use token if the credential could not be kept afterwards.
  await store.checkWritable();

  for (let attempt = 0; !signal.aborted; attempt++) {
    logger.info('registering with the hub', { hub: hubUrl, attempt });
    const result = await options.register({ hubUrl, token, agentVersion: AGENT_VERSION, signal });
    if (result.ok) {
      const { clusterId, clusterName, credential } = result.registration;
      logger.addSecret(credential);
      const next: StoredCredential = {
        hubUrl,
        clusterId,
        clusterName,
        credential,
        tokenSha256: sha256Hex(token),
        registeredAt: (options.now ?? (() => new Date()))().toISOString(),
      };
      await store.save(next);
      logger.info('registered; credential stored', { clusterId, clusterName, store: store.location });
      return { kind: 'credential', stored: next };
    }
    if (result.kind === 'rejected') {
      return { kind: 'fatal', exitCode: AGENT_EXIT_CODES.registration, message: `registration failed (${result.code}): ${result.message}` };
    }
    const delayMs = backoffDelayMs(attempt, options.backoff, options.random);
    logger.warn('registration failed; retrying', { reason: result.message, retryInMs: delayMs });
    await sleep(delayMs, signal);
  }
  return { kind: 'stopped' };
}
