import { decryptSops, formatCoreError, looksSopsEncrypted, sopsFormatForPath } from '@flotilla/reconcile-core';
import type { FileTree } from '@flotilla/git-source/browser';

const OPT_OUT = /kustomize\.toolkit\.fluxcd\.io\/decrypt:\s*["']?disabled/i;

/**
 * Decrypts SOPS-encrypted files before the kustomize build, as Flux's decryptor does while kustomize loads
 * resources and generator inputs: transformers (targetNamespace, prefixes…) would otherwise change values the
 * SOPS MAC covers. Objects still encrypted after the build (no keys, opted out) are caught by reconcile-core's
 * decryptObjects afterwards, so ciphertext is never applied.
 */
export async function decryptTree(files: FileTree, identities: readonly string[] | undefined): Promise<{ ok: true; files: FileTree } | { ok: false; message: string }> {
  if (!identities || identities.length === 0) return { ok: true, files };
  const out = new Map(files);
  const errors: string[] = [];
  for (const [path, bytes] of files) {
    const format = sopsFormatForPath(path);
    if (format === 'binary') continue;
    const text = new TextDecoder().decode(bytes);
    if (!looksSopsEncrypted(text, format) || OPT_OUT.test(text)) continue;
    const plain = await decryptSops(bytes, { format, ageIdentities: identities, path });
    if (!plain.ok) errors.push(...plain.errors.map((e) => `${path}: ${formatCoreError(e)}`));
    else out.set(path, plain.value.bytes);
  }
  return errors.length > 0 ? { ok: false, message: errors.join('\n') } : { ok: true, files: out };
}
