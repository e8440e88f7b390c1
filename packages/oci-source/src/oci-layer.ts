import { archiveStream, openArtifact, planArchive, type ArtifactStore, type StoredArtifact } from '@flotilla/git-source';
import type { OciDescriptor, OciManifest } from '@flotilla/oci-client';

// The layer an OCIRepository stores, as source-controller chooses and stores it: the first layer whose media
// type is `layerSelector.mediaType`, or the first layer; `extract` (the default) untars it — regular files
// only, symlinks dropped, no path leaving the root — and archives the tree again with the ignore rules (the
// same deterministic tarball GitRepository artifacts are, so the same content gives the same digest);
// `copy` stores the layer's bytes as they are.

export type LayerResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function selectLayer(manifest: OciManifest, mediaType: string | undefined): LayerResult<OciDescriptor> {
  if (manifest.layers.length === 0) return { ok: false, message: 'no layers found in artifact' };
  if (!mediaType) return { ok: true, value: manifest.layers[0] as OciDescriptor };
  const found = manifest.layers.find((l) => l.mediaType === mediaType);
  return found ? { ok: true, value: found } : { ok: false, message: `failed to find layer with media type '${mediaType}' in artifact` };
}

/** Untars a layer: its files, or why it is not a tarball Flotilla accepts. */
export function extractLayer(layer: { digest: string; data: Uint8Array }, revision: string): LayerResult<ReadonlyMap<string, Uint8Array>> {
  const opened = openArtifact({ kind: 'tarball', revision, digest: layer.digest, bytes: layer.data });
  return opened.ok ? { ok: true, value: opened.files } : { ok: false, message: `failed to extract layer contents from artifact: ${opened.message}` };
}

/** Archives extracted files into the store with `.sourceignore` files and spec.ignore applied. */
export async function storeExtracted(store: Pick<ArtifactStore, 'put'>, files: ReadonlyMap<string, Uint8Array>, ignore: string | undefined): Promise<StoredArtifact> {
  const readBlob = (path: string): Promise<Uint8Array> => Promise.resolve(files.get(path) ?? new Uint8Array());
  const entries = [...files.keys()].map((path) => ({ path, mode: 'file' as const, oid: path }));
  const plan = await planArchive({ entries, readBlob, ...(ignore !== undefined ? { specIgnore: ignore } : {}) });
  return store.put(archiveStream(plan, readBlob));
}
