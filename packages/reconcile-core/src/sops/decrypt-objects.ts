import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';
import { annotationsOf, isRecord, kindOf, labelsOf, nameOf, namespaceOf, objectSubject, type KubeObject } from '../object/kube-object.js';
import { decryptSops } from './decrypt-sops.js';

/** True when an object carries SOPS metadata (a `sops` mapping with a MAC), as Flux detects it. */
export function isSopsEncrypted(obj: KubeObject): boolean {
  return isRecord(obj.sops) && typeof obj.sops.mac === 'string';
}

const OPT_OUT = 'kustomize.toolkit.fluxcd.io/decrypt';

/**
 * Decrypts every SOPS-encrypted object of a build, as kustomize-controller does with `decryption.provider:
 * sops`: each object is read as the JSON document Flux hands to SOPS, so key order counts for the MAC.
 * Objects annotated or labelled `kustomize.toolkit.fluxcd.io/decrypt: Disabled` are left as they are, but an
 * encrypted Secret is never passed on as ciphertext, and without identities the build fails (flux.md §2).
 */
export async function decryptObjects(objects: readonly KubeObject[], ageIdentities: readonly string[] | undefined): Promise<Result<KubeObject[]>> {
  const out: KubeObject[] = [];
  const errors: CoreError[] = [];
  for (const obj of objects) {
    if (!isSopsEncrypted(obj)) {
      out.push(obj);
      continue;
    }
    const ns = namespaceOf(obj);
    const path = objectSubject({ kind: kindOf(obj) ?? 'Unknown', name: nameOf(obj) ?? '', ...(ns ? { namespace: ns } : {}) });
    const optOut = (annotationsOf(obj)[OPT_OUT] ?? labelsOf(obj)[OPT_OUT])?.toLowerCase() === 'disabled';
    if (optOut && kindOf(obj) !== 'Secret') {
      out.push(obj); // opted out on purpose: the SOPS document is the payload, not a secret to apply
      continue;
    }
    if (optOut) {
      errors.push(coreError('SOPS_UNSUPPORTED', 'the object is SOPS-encrypted but opts out of decryption; it would be applied as ciphertext', path));
      continue;
    }
    if (!ageIdentities || ageIdentities.length === 0) {
      errors.push(coreError('SOPS_NO_MATCHING_KEY', 'the object is SOPS-encrypted but no decryption keys are configured (spec.decryption)', path));
      continue;
    }
    const res = await decryptSops(JSON.stringify(obj), { format: 'json', ageIdentities, path });
    if (!res.ok) {
      errors.push(...res.errors);
      continue;
    }
    out.push(res.value.documents[0] as KubeObject);
  }
  return errors.length > 0 ? fail(errors) : ok(out);
}
