import type { RegistryTls } from '@flotilla/oci-client';
import { ociRepositorySpec, type OciRepositorySpec } from '@flotilla/protocol/flux';
import { ociRepositorySpecOf } from '@flotilla/oci-source';
import { createPublicKey } from 'node:crypto';
import { validLabels } from '../clusters/cluster-input.validation.js';
import { badInput } from '../common/domain-error.js';
import type { ImageCredentials } from '../images/image-credentials.sealed.js';
import { validRegistryCredentials } from '../images/image-repository.validation.js';
import { validNamespace, validObjectName } from '../sources/git-repository.validation.js';
import { validRegistryTls } from '../sources/registry-tls/registry-tls.validation.js';
import type { OciRepositoryInput } from './dto/oci-repository.inputs.js';

// The edge of hub OCIRepositories: Flux's own definition of the spec (@flotilla/protocol/flux), the rules the
// agent applies to one in its cluster (@flotilla/oci-source: URL, ref precedence, semver), and what the hub
// holds itself instead of naming Secrets: registry credentials and TLS material (sealed), cosign public keys. Errors are
// BAD_USER_INPUT naming the field; credential values are never echoed.

export interface CosignKey {
  name: string;
  pem: string;
}

export interface ValidOciRepository {
  namespace: string;
  name: string;
  spec: OciRepositorySpec;
  labels: Record<string, string> | undefined;
  credentials: ImageCredentials | undefined;
  tls: RegistryTls | undefined;
  verifyPublicKeys: CosignKey[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields that name objects of a cluster (Secrets, ServiceAccounts) or cloud identities, which the hub has not. */
const refusedAtHub: readonly [string, string][] = [
  ['secretRef', 'give the registry credentials in `credentials`; the hub keeps them encrypted'],
  ['serviceAccountName', 'give the registry credentials in `credentials`'],
  ['certSecretRef', 'give the CA and client certificate in `tls`; the hub keeps them encrypted'],
  ['proxySecretRef', 'a proxy is not supported at the hub yet'],
];

export function validateOciRepositoryInput(input: OciRepositoryInput): ValidOciRepository {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  if (!isRecord(input.spec)) throw badInput('spec', 'spec: must be an OCIRepository spec (a map)');
  const raw: Record<string, unknown> = { interval: '10m', timeout: '60s', ...input.spec };
  for (const [field, why] of refusedAtHub) if (raw[field] !== undefined) throw badInput(`spec.${field}`, `spec.${field}: ${why}`);
  if (raw.provider !== undefined && raw.provider !== 'generic') throw badInput('spec.provider', `spec.provider: only the generic provider is supported at the hub (got ${String(raw.provider)})`);
  const crd = ociRepositorySpec.safeParse(raw);
  if (!crd.success) {
    const issue = crd.error.issues[0];
    const field = `spec.${issue?.path.map(String).join('.') || 'url'}`;
    throw badInput(field, `${field}: ${issue?.message ?? 'invalid'}`);
  }
  // The agent's reading of the spec: URL split, ref precedence, semver ranges.
  const target = ociRepositorySpecOf(crd.data);
  if (!target.ok) {
    const path = /^invalid spec: ([\w.]+):/.exec(target.message)?.[1];
    throw badInput(target.reason === 'URLInvalid' ? 'spec.url' : path ? `spec.${path}` : 'spec', target.message);
  }
  const verifyPublicKeys = validKeys(input.verifyPublicKeys);
  const verify = crd.data.verify;
  if (verify) {
    if (verify.secretRef) throw badInput('spec.verify.secretRef', 'spec.verify.secretRef: give the cosign public keys in `verifyPublicKeys`');
    if (verify.provider !== 'cosign') throw badInput('spec.verify.provider', `spec.verify.provider: only cosign is supported (got ${verify.provider})`);
    if (verify.matchOIDCIdentity?.length || verify.trustedRootSecretRef) throw badInput('spec.verify', 'spec.verify: keyless verification needs the public Sigstore transparency log, which the hub does not reach; give cosign public keys');
    if (verifyPublicKeys.length === 0) throw badInput('verifyPublicKeys', 'verifyPublicKeys: spec.verify needs at least one cosign public key (keyless verification is not supported)');
  }
  // Keys without spec.verify are kept and unused, as a Flux Secret exists before an OCIRepository names it: a
  // git-managed OCIRepository gets its keys at the hub first, then git turns spec.verify on.
  const credentials = validRegistryCredentials(input.credentials, target.target.registry);
  if (credentials && input.clearCredentials) throw badInput('clearCredentials', 'give credentials or clearCredentials, not both');
  const tls = validRegistryTls(input.tls, input.clearTls);
  if (tls && crd.data.insecure) throw badInput('tls', 'tls: a CA or client certificate is for HTTPS; spec.insecure speaks plain HTTP');
  return { namespace, name, spec: crd.data, labels: input.labels ? validLabels(input.labels, 'labels') : undefined, credentials, tls, verifyPublicKeys };
}

function validKeys(keys: readonly { name: string; pem: string }[] | null | undefined): CosignKey[] {
  const list = keys ?? [];
  if (list.length > 20) throw badInput('verifyPublicKeys', 'verifyPublicKeys: at most 20 keys');
  return list.map((k, i) => {
    const name = k.name.trim();
    if (!/^[A-Za-z0-9._-]{1,253}$/.test(name)) throw badInput(`verifyPublicKeys.${i}.name`, `verifyPublicKeys.${i}.name: a key name like cosign.pub`);
    try {
      if (createPublicKey(k.pem).type !== 'public') throw new Error('not public');
    } catch {
      throw badInput(`verifyPublicKeys.${i}.pem`, `verifyPublicKeys.${i}.pem: not a PEM public key`);
    }
    return { name, pem: k.pem };
  });
}
