import { selectLatestTag } from '@flotilla/reconcile-core';
import { fetchBlob, fetchManifest, listTags, resolveDigest, type RegistrySession } from '@flotilla/oci-client';
import type { ArtifactStore, StoredArtifact } from '@flotilla/git-source';
import { extractLayer, selectLayer, storeExtracted } from './oci-layer.js';
import type { OciRepositoryTarget } from './oci-repository-spec.js';

// One pull of an OCIRepository as source-controller pulls it, for the hub (once for the fleet) and for the
// agent (objects in its cluster): resolve the ref (digest > semver > tag, `latest` by default) to a manifest
// digest, verify its signature when asked, skip the pull when that revision is already stored with the same
// content settings, else pull the selected layer and store it (extracted and archived again with the ignore
// rules, or copied as it is). Each phase fails with source-controller's condition type and reason; the
// registry session carries the credentials, which no message names.

/** Flux's `source.toolkit.fluxcd.io/v1` reasons an OCIRepository uses. */
export type OciReason =
  | 'Succeeded'
  | 'AuthenticationFailed'
  | 'ReadOperationFailed'
  | 'OCIArtifactPullFailed'
  | 'OCIArtifactLayerOperationFailed'
  | 'ArchiveOperationFailed'
  | 'VerificationError';

export class OciPullFailure extends Error {
  constructor(
    readonly type: 'FetchFailed' | 'StorageOperationFailed' | 'SourceVerified',
    readonly reason: OciReason,
    message: string,
  ) {
    super(message);
  }
}

export interface OciPullInput {
  target: OciRepositoryTarget;
  session: RegistrySession;
  /** The revision of the artifact stored last (and still in storage), if any. */
  keptRevision?: string | undefined;
  /** Whether the kept artifact was built with other ignore rules or another layer selector than the spec's now. */
  contentChanged: boolean;
  /** With `spec.verify`: whether this revision must be verified again (a new revision or generation, or not verified yet). */
  verifyAgain?: (revision: string) => boolean;
  /** Checks the signature of the digest; returns why it is refused, or undefined. */
  verify?: (digest: string) => Promise<string | undefined>;
  // Only written to: a preview captures the artifact in memory instead of storing it.
  store: Pick<ArtifactStore, 'put'>;
}

export type OciPullResult =
  | { revision: string; verified: boolean; unchanged: true }
  | { revision: string; verified: boolean; unchanged: false; stored: StoredArtifact; annotations: Record<string, string> | undefined };

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Resolve → verify → pull → store; throws OciPullFailure with the phase's Flux reason. */
export async function pullOciArtifact(p: OciPullInput): Promise<OciPullResult> {
  const { target, session } = p;
  const url = target.spec.url;
  let tag: string | undefined;
  if ('digest' in target.ref) tag = undefined;
  else if ('tag' in target.ref) tag = target.ref.tag;
  else {
    const { semver, semverFilter } = target.ref;
    try {
      const { tags } = await listTags(session);
      const chosen = selectLatestTag(tags, { policy: { semver: { range: semver } }, ...(semverFilter ? { filterTags: { pattern: semverFilter } } : {}) });
      if (!chosen.ok) throw new Error(chosen.errors[0]?.code === 'IMAGE_POLICY_INVALID' ? chosen.errors[0].message : `no match found for semver: ${semver}`);
      tag = chosen.value.tag;
    } catch (err) {
      throw new OciPullFailure('FetchFailed', 'ReadOperationFailed', `failed to determine the artifact tag for '${url}': ${errorMessage(err)}`);
    }
  }

  let digest: string;
  try {
    digest = 'digest' in target.ref ? target.ref.digest : await resolveDigest(session, tag ?? 'latest');
  } catch (err) {
    throw new OciPullFailure('FetchFailed', 'OCIArtifactPullFailed', `failed to determine artifact digest: ${errorMessage(err)}`);
  }
  const revision = tag === undefined ? digest : `${tag}@${digest}`;

  let verified = false;
  if (target.spec.verify && p.verify && (p.verifyAgain?.(revision) ?? true)) {
    const refused = await p.verify(digest);
    if (refused) throw new OciPullFailure('SourceVerified', 'VerificationError', refused);
    verified = true;
  }

  if (p.keptRevision === revision && !p.contentChanged) return { revision, verified, unchanged: true };

  let manifest;
  let layerData;
  try {
    manifest = (await fetchManifest(session, digest)).manifest;
  } catch (err) {
    throw new OciPullFailure('FetchFailed', 'OCIArtifactPullFailed', `failed to pull artifact from '${url}': ${errorMessage(err)}`);
  }
  const layer = selectLayer(manifest, target.spec.layerSelector?.mediaType);
  if (!layer.ok) throw new OciPullFailure('FetchFailed', 'OCIArtifactLayerOperationFailed', layer.message);
  try {
    layerData = await fetchBlob(session, layer.value);
  } catch (err) {
    throw new OciPullFailure('FetchFailed', 'OCIArtifactPullFailed', `failed to pull artifact from '${url}': ${errorMessage(err)}`);
  }

  let stored: StoredArtifact;
  if (target.operation === 'copy') {
    try {
      stored = await p.store.put(layerData.data);
    } catch (err) {
      throw new OciPullFailure('StorageOperationFailed', 'ArchiveOperationFailed', `unable to copy artifact to storage: ${errorMessage(err)}`);
    }
  } else {
    const files = extractLayer(layerData, revision);
    if (!files.ok) throw new OciPullFailure('FetchFailed', 'OCIArtifactLayerOperationFailed', files.message);
    try {
      stored = await storeExtracted(p.store, files.value, target.spec.ignore);
    } catch (err) {
      throw new OciPullFailure('StorageOperationFailed', 'ArchiveOperationFailed', `unable to archive artifact to storage: ${errorMessage(err)}`);
    }
  }
  const annotations = manifest.annotations && Object.keys(manifest.annotations).length > 0 ? manifest.annotations : undefined;
  return { revision, verified, unchanged: false, stored, annotations };
}
