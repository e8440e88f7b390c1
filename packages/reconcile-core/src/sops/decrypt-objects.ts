import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';
import {
  annotationsOf,
  isRecord,
  kindOf,
  nameOf,
  namespaceOf,
  objectSubject,
  type KubeObject,
} from '../object/kube-object.js';
import { decryptSecretData, encryptedSecretDataKeys } from './decrypt-secret-data.js';
import { decryptSops } from './decrypt-sops.js';

/** True when an object carries SOPS metadata (a `sops` mapping with a MAC), as Flux detects it. */
export function isSopsEncrypted(obj: KubeObject): boolean {
  return isRecord(obj.sops) && typeof obj.sops.mac === 'string';
}

const OPT_OUT = 'kustomize.toolkit.fluxcd.io/decrypt';

/**
 * Decrypts every SOPS-encrypted object of a build, as kustomize-controller does with `decryption.provider:
 * sops`: each object is read as the JSON document Flux hands to SOPS, so key order counts for the MAC.
 * Secrets built from SOPS-encrypted files (secretGenerator) get their data values decrypted too. Objects
 * annotated `kustomize.toolkit.fluxcd.io/decrypt: Disabled` are left as they are, but an encrypted Secret is
 * never passed on as ciphertext, and without identities the build fails (flux.md §2).
 */
export async function decryptObjects(
  objects: readonly KubeObject[],
  ageIdentities: readonly string[] | undefined,
): Promise<Result<KubeObject[]>> {
  const out: KubeObject[] = [];
  const errors: CoreError[] = [];
  for (const obj of objects) {
    const ns = namespaceOf(obj);
    const path = objectSubject({
      kind: kindOf(obj) ?? 'Unknown',
      name: nameOf(obj) ?? '',
      ...(ns ? { namespace: ns } : {}),
    });
    // Flux reads the opt-out from annotations only, in any case.
    const optOut = annotationsOf(obj)[OPT_OUT]?.toLowerCase() === 'disabled';
    if (!isSopsEncrypted(obj)) {
      // A Secret made by a secretGenerator from SOPS-encrypted files carries them in its data values.
      if (
        kindOf(obj) === 'Secret' &&
        isRecord(obj.data) &&
        !optOut &&
        encryptedSecretDataKeys(obj.data).length > 0
      ) {
        if (!ageIdentities || ageIdentities.length === 0) {
          // Flux would apply the ciphertext; we refuse, as for a whole encrypted Secret.
          const keys = encryptedSecretDataKeys(obj.data).join(', ');
          errors.push(
            coreError(
              'SOPS_NO_MATCHING_KEY',
              `Secret fields ${keys} are SOPS-encrypted but no decryption keys are configured (spec.decryption)`,
              path,
            ),
          );
          continue;
        }
        const data = await decryptSecretData(obj.data, ageIdentities, path);
        if (!data.ok) errors.push(...data.errors);
        else out.push({ ...obj, data: data.value });
        continue;
      }
      out.push(obj);
      continue;
    }
    if (optOut && kindOf(obj) !== 'Secret') {
      out.push(obj); // opted out on purpose: the SOPS document is the payload, not a secret to apply
      continue;
    }
    if (optOut) {
      errors.push(
        coreError(
          'SOPS_UNSUPPORTED',
          'the object is SOPS-encrypted but opts out of decryption; it would be applied as ciphertext',
          path,
        ),
      );
      continue;
    }
    if (!ageIdentities || ageIdentities.length === 0) {
      errors.push(
        coreError(
          'SOPS_NO_MATCHING_KEY',
          'the object is SOPS-encrypted but no decryption keys are configured (spec.decryption)',
          path,
        ),
      );
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
