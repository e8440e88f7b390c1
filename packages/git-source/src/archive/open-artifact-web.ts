import { defaultArtifactLimits, digestMismatch, filesOfTar, tooLarge, unpackCap, unreadable, type ArtifactLimits, type OpenedArtifact } from './artifact-rules.js';

/**
 * openArtifact for a browser: the same digest check, cap and refusals, with WebCrypto and
 * DecompressionStream('gzip') in place of node:crypto and node:zlib. Decompression stops at the first chunk
 * past the cap, so a bomb costs no more memory than the limit.
 */
export async function openArtifactInBrowser(
  artifact: { revision: string; digest: string; bytes: Uint8Array<ArrayBuffer> },
  limits: ArtifactLimits = defaultArtifactLimits,
): Promise<OpenedArtifact> {
  const mismatch = digestMismatch(artifact, new Uint8Array(await crypto.subtle.digest('SHA-256', artifact.bytes)));
  if (mismatch) return mismatch;
  const cap = unpackCap(artifact.bytes.length, limits);
  const reader = new Blob([artifact.bytes]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > cap) {
        await reader.cancel();
        return tooLarge(artifact.revision, artifact.bytes.length, limits);
      }
      chunks.push(value);
    }
  } catch (err) {
    return unreadable(artifact.revision, err);
  }
  const tar = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    tar.set(c, at);
    at += c.length;
  }
  return filesOfTar(artifact.revision, tar, limits);
}
