import { parseSemverRange } from '@flotilla/reconcile-core';
import { checkNames, isDigest, OciClientError } from '@flotilla/oci-client';
import { ociRepositorySpec, type OciRepositorySpec } from '@flotilla/protocol/flux';

// An OCIRepository's spec as the agent reads it from the cluster and the hub from its own records: Flux's CRD shape and defaults (protocol's
// definition), then the URL split into registry and repository the way go-containerregistry names them. A
// spec that cannot work until it changes makes the object Stalled: `URLInvalid` for the URL (as
// source-controller), `InvalidProviderConfiguration` for a cloud provider, and ours — `InvalidSpec`,
// `UnsupportedSpec` — for what Flux's API server would refuse or what the agent does not implement.

export type OciSpecReason = 'URLInvalid' | 'InvalidProviderConfiguration' | 'InvalidSpec' | 'UnsupportedSpec';

/** Which artifact to pull, in Flux's precedence: digest, then semver, then tag (`latest` by default). */
export type OciRef = { digest: string } | { semver: string; semverFilter?: string } | { tag: string };

export interface OciRepositoryTarget {
  spec: OciRepositorySpec;
  /** `host[:port]` as written in the URL (`index.docker.io` for a Docker Hub name). */
  registry: string;
  repository: string;
  ref: OciRef;
  operation: 'extract' | 'copy';
}

export type OciSpecResult = { ok: true; target: OciRepositoryTarget } | { ok: false; reason: OciSpecReason; message: string };

const refused = (reason: OciSpecReason, message: string): OciSpecResult => ({ ok: false, reason, message });

/** go-containerregistry's rule: a first path segment with a dot or a port, or `localhost`, is a registry. */
export function splitOciUrl(url: string): { registry: string; repository: string } | string {
  const rest = url.slice('oci://'.length);
  if (rest.includes('@')) return `URL must not contain a digest; use spec.ref.digest`;
  const slash = rest.indexOf('/');
  const first = slash < 0 ? rest : rest.slice(0, slash);
  const isRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = isRegistry ? first : 'index.docker.io';
  let repository = isRegistry ? rest.slice(slash + 1) : rest;
  if (!isRegistry && !repository.includes('/')) repository = `library/${repository}`;
  const tag = /:([^/]*)$/.exec(repository);
  if (tag) return `URL must not contain a tag; remove ':${tag[1] ?? ''}'`;
  if (!repository) return "URL must be in format 'oci://<domain>/<org>/<repo>'";
  try {
    checkNames(repository, 'latest');
  } catch (err) {
    return err instanceof OciClientError ? err.message : String(err);
  }
  return { registry, repository };
}

export function ociRepositorySpecOf(raw: unknown): OciSpecResult {
  const crd = ociRepositorySpec.safeParse(raw ?? {});
  if (!crd.success) {
    const issue = crd.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'spec';
    return refused(field === 'url' ? 'URLInvalid' : 'InvalidSpec', `invalid spec: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  const spec = crd.data;
  if (spec.provider !== 'generic') return refused('InvalidProviderConfiguration', `provider '${spec.provider}' is not supported: use the generic provider with a secretRef`);
  if (spec.proxySecretRef) return refused('UnsupportedSpec', 'spec.proxySecretRef is not supported yet');
  const split = splitOciUrl(spec.url);
  if (typeof split === 'string') return refused('URLInvalid', `URL validation failed for '${spec.url}': ${split}`);

  const r = spec.ref;
  let ref: OciRef;
  if (r?.digest) {
    if (!isDigest(r.digest)) return refused('InvalidSpec', `invalid spec: ref.digest: '${r.digest}' is not sha256:<64 hex>`);
    ref = { digest: r.digest };
  } else if (r?.semver) {
    const range = parseSemverRange(r.semver);
    if (!range.ok) return refused('InvalidSpec', `invalid spec: ref.semver: semver '${r.semver}' parse error: ${range.errors.map((e) => e.message).join('; ')}`);
    ref = { semver: r.semver, ...(r.semverFilter ? { semverFilter: r.semverFilter } : {}) };
  } else {
    const tag = r?.tag || 'latest';
    try {
      checkNames(split.repository, tag);
    } catch {
      return refused('InvalidSpec', `invalid spec: ref.tag: '${tag}' is not a valid tag`);
    }
    ref = { tag };
  }
  return { ok: true, target: { spec, ...split, ref, operation: spec.layerSelector?.operation ?? 'extract' } };
}
