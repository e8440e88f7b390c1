import { registryBaseUrl, RegistrySession, type RegistryAuth, type RegistryTls } from '@flotilla/oci-client';
import { ociRepositorySpecOf, type OciRepositoryTarget, type OciSpecReason } from '@flotilla/oci-source';
import { parseFluxDuration, type SourceFailureType } from '@flotilla/reconcile-core';
import type { SecretBox } from '../common/secret-box.js';
import { openImageCredentials, registryAuthOf } from '../images/image-credentials.sealed.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { openRegistryTls } from '../sources/registry-tls/registry-tls.sealed.js';
import type { OciRepositoryRow } from './oci-repositories.repository.js';
import { ociCredentialsContext, ociTlsContext, publicKeysOf } from './oci-repository-row.js';

// What every pull of a hub OCIRepository needs before the first request, for its reconciles and for a preview
// of another revision alike: the spec read as Flux's, the sealed credentials and TLS material opened for this
// pull only, the registry host passed through the source URL policy, and one registry session bounded by
// spec.timeout (source-controller's context deadline over every request of the pull).

export interface OciPullSetup {
  target: OciRepositoryTarget;
  session: RegistrySession;
  /** The stored cosign public keys, for `verify` with `secretRef`. */
  keys: { name: string; pem: string }[];
  /** Ends the timeout; call once the pull is over. */
  done(): void;
}

export type OciPullSetupFailure = { type: SourceFailureType; reason: OciSpecReason | 'AuthenticationFailed' | 'OCIArtifactPullFailed'; message: string; stalled: boolean };

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The row's spec, or `spec` in its place (a preview's ref), opened for one pull; messages never hold credentials. */
export async function setUpOciPull(
  row: Pick<OciRepositoryRow, 'id' | 'spec' | 'credentialsSealed' | 'tlsSealed' | 'verifyPublicKeys'>,
  deps: { box: SecretBox; policy: SourceUrlPolicy },
  spec: unknown = row.spec,
): Promise<{ ok: true; setup: OciPullSetup } | ({ ok: false } & OciPullSetupFailure)> {
  const parsed = ociRepositorySpecOf(spec);
  if (!parsed.ok) return { ok: false, type: 'FetchFailed', reason: parsed.reason, message: parsed.message, stalled: true };
  const target = parsed.target;
  let auth: RegistryAuth | undefined;
  try {
    auth = registryAuthOf(row.credentialsSealed ? openImageCredentials(deps.box, row.credentialsSealed, ociCredentialsContext(row.id)) : undefined, target.registry);
  } catch {
    return { ok: false, type: 'FetchFailed', reason: 'AuthenticationFailed', message: 'failed to get credential: the stored registry credentials cannot be opened or read: set them again', stalled: false };
  }
  let tls: RegistryTls | undefined;
  try {
    tls = row.tlsSealed ? openRegistryTls(deps.box, row.tlsSealed, ociTlsContext(row.id)) : undefined;
  } catch {
    // source-controller's reason when the certSecretRef cannot be turned into a TLS configuration.
    return { ok: false, type: 'FetchFailed', reason: 'AuthenticationFailed', message: 'failed to get TLS configuration: the stored CA or client certificate cannot be opened: set them again', stalled: false };
  }
  const insecure = target.spec.insecure ?? false;
  try {
    await deps.policy.assertReachable(new URL(registryBaseUrl(target.registry, insecure, tls !== undefined)));
  } catch (err) {
    return { ok: false, type: 'FetchFailed', reason: 'OCIArtifactPullFailed', message: `failed to determine artifact digest: ${errorMessage(err)}`, stalled: false };
  }
  const timeout = target.spec.timeout;
  const parsedTimeout = timeout === undefined ? undefined : parseFluxDuration(timeout, 'sourceTimeout');
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`timeout of ${timeout ?? '60s'} exceeded`)), parsedTimeout?.ok ? parsedTimeout.value : 60_000);
  const session = new RegistrySession(target.registry, target.repository, auth, { ...(insecure ? { insecure: true } : {}), ...(tls ? { tls } : {}), signal: deadline.signal });
  return { ok: true, setup: { target, session, keys: publicKeysOf(row.verifyPublicKeys), done: () => clearTimeout(timer) } };
}
