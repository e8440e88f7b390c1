import { bucketSpec, type BucketSpec } from '@flotilla/protocol/flux';

// A Bucket's spec as the agent reads it from the cluster: Flux's CRD shape, defaults and CEL rules (protocol's
// definition), then what this agent serves. It fetches from S3-compatible servers with static keys: provider
// `generic`, and `aws` with a secretRef (source-controller then also signs with the Secret's keys). What needs
// a cloud identity — `gcp`, `azure`, `aws` without a secretRef — and STS or a proxy are refused with
// `Stalled`, never ignored: `InvalidProviderConfiguration` (Flux's reason for an unusable provider setup) and
// `UnsupportedSpec` (ours). What Flux's API server would refuse is `InvalidSpec`.

export type BucketSpecReason = 'InvalidProviderConfiguration' | 'InvalidSpec' | 'UnsupportedSpec';

export type BucketSpecResult = { ok: true; spec: BucketSpec } | { ok: false; reason: BucketSpecReason; message: string };

const refused = (reason: BucketSpecReason, message: string): BucketSpecResult => ({ ok: false, reason, message });

export function bucketSpecOf(raw: unknown): BucketSpecResult {
  const crd = bucketSpec.safeParse(raw ?? {});
  if (!crd.success) {
    const issue = crd.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'spec';
    return refused('InvalidSpec', `invalid spec: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  const spec = crd.data;
  const withKeys = 'use provider generic with a secretRef holding accesskey and secretkey';
  if (spec.provider === 'gcp' || spec.provider === 'azure') return refused('InvalidProviderConfiguration', `provider '${spec.provider}' is not supported by this agent (it needs the cloud’s identity): ${withKeys}`);
  if (spec.provider === 'aws' && !spec.secretRef) return refused('InvalidProviderConfiguration', `provider 'aws' without a secretRef authenticates with the cloud’s identity, which this agent does not support: add a secretRef holding accesskey and secretkey`);
  if (spec.sts) return refused('UnsupportedSpec', 'spec.sts is not supported by this agent');
  if (spec.proxySecretRef) return refused('UnsupportedSpec', 'spec.proxySecretRef is not supported by this agent');
  return { ok: true, spec };
}

/**
 * Flux hands `spec.endpoint` to minio-go, which takes `host[:port]` and picks the scheme from `insecure`; a
 * URL there fails each reconcile (with `AuthenticationFailed`, the reason of every client set-up error).
 * Returns why the endpoint is unusable, or undefined.
 */
export function endpointProblem(endpoint: string): string | undefined {
  // Credentials written into the endpoint are never echoed.
  if (endpoint.includes('@')) return 'endpoint must be host[:port]: credentials belong in the secretRef';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) return `endpoint '${endpoint}' must be host[:port] without a scheme: spec.insecure selects plain HTTP`;
  let url: URL;
  try {
    url = new URL(`http://${endpoint}`);
  } catch {
    return `endpoint '${endpoint}' is not a valid host[:port]`;
  }
  if (url.pathname !== '/' || url.search || url.hash || endpoint.endsWith('/')) return `endpoint '${endpoint}' must be host[:port]: Endpoint url cannot have fully qualified paths.`;
  return undefined;
}
