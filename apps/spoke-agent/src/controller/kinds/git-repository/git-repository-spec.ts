import { parseGitRepositorySpec, type GitRepositorySpec } from '@flotilla/git-source';
import { gitRepositorySpec } from '@flotilla/protocol/flux';

// A GitRepository's spec as the agent reads it from the cluster: first Flux's CRD shape and defaults
// (protocol's definition, the schema the API server admitted it with), then git-source's stricter rules for
// the fields the fetcher implements (ref names git accepts, no credentials in the URL). A spec that fails
// either, or asks for what the agent cannot do yet, makes the object Stalled: retrying cannot help until the
// spec changes.
//
// Reasons: `URLInvalid` for the URL and `InvalidProviderConfiguration` for a provider, as source-controller
// sets them. Flux has no reason for the rest (the API server rejects such specs, and Flux implements every
// field), so these are ours: `InvalidSpec` for a value the fetcher refuses, `UnsupportedSpec` for a field
// the agent does not implement yet.

export type GitSpecReason = 'URLInvalid' | 'InvalidProviderConfiguration' | 'InvalidSpec' | 'UnsupportedSpec';

export type GitSpecResult = { ok: true; spec: GitRepositorySpec } | { ok: false; reason: GitSpecReason; message: string };

const refused = (reason: GitSpecReason, message: string): GitSpecResult => ({ ok: false, reason, message });

export function gitRepositorySpecOf(raw: unknown): GitSpecResult {
  const crd = gitRepositorySpec.safeParse(raw ?? {});
  if (!crd.success) {
    const issue = crd.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'spec';
    return refused(field === 'url' ? 'URLInvalid' : 'InvalidSpec', `invalid spec: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  const s = crd.data;
  if (s.provider && s.provider !== 'generic') {
    return refused('InvalidProviderConfiguration', `provider '${s.provider}' is not supported yet: use the generic provider with a secretRef`);
  }
  const unsupported = [
    s.include?.length ? 'include' : undefined,
    s.verify ? 'verify' : undefined,
    s.proxySecretRef ? 'proxySecretRef' : undefined,
    s.recurseSubmodules ? 'recurseSubmodules' : undefined,
    s.sparseCheckout?.length ? 'sparseCheckout' : undefined,
  ].filter((f): f is string => f !== undefined);
  if (unsupported.length > 0) return refused('UnsupportedSpec', `spec.${unsupported.join(', spec.')} ${unsupported.length > 1 ? 'are' : 'is'} not supported yet`);

  const parsed = parseGitRepositorySpec({
    url: s.url,
    interval: s.interval,
    timeout: s.timeout,
    ...(s.secretRef ? { secretRef: s.secretRef } : {}),
    ...(s.ref ? { ref: s.ref } : {}),
    ...(s.ignore !== undefined ? { ignore: s.ignore } : {}),
    ...(s.suspend !== undefined ? { suspend: s.suspend } : {}),
  });
  if (!parsed.ok) {
    const first = parsed.errors[0];
    return refused(first?.path === 'url' ? 'URLInvalid' : 'InvalidSpec', `invalid spec: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
  return { ok: true, spec: parsed.value };
}
