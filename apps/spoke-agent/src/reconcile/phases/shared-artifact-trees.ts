import { openArtifact, type Artifact, type FileTree, type OpenedArtifact } from '@flotilla/git-source';

// Every Kustomization of one source opens the same artifact: 50 of them reconciled after one commit would each
// unpack the whole repository again. The unpacked tree is read-only (FileTree is a ReadonlyMap; decryption and
// the overlay build their own copies), so builds of one digest share it while any of them holds it; it is held
// weakly, so the cache never keeps a tree alive once no reconcile uses it.
const trees = new Map<string, WeakRef<FileTree>>();
const forget = new FinalizationRegistry<string>((digest) => {
  if (trees.get(digest)?.deref() === undefined) trees.delete(digest);
});

/**
 * openArtifact, sharing the tree of a digest opened before and still in use. A tree is only cached after
 * openArtifact checked its bytes against the digest, so a hit is the content that digest names.
 */
export function openArtifactShared(artifact: Artifact): OpenedArtifact {
  if (artifact.kind !== 'tarball') return openArtifact(artifact);
  const held = trees.get(artifact.digest)?.deref();
  if (held) return { ok: true, files: held };
  const opened = openArtifact(artifact);
  if (opened.ok) {
    trees.set(artifact.digest, new WeakRef(opened.files));
    forget.register(opened.files, artifact.digest);
  }
  return opened;
}
