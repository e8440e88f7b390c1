import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '@flotilla/testenv';

/** A file of reconcile-core's SOPS fixtures (encrypted with, and keys for, the test age recipients). */
export const sopsFixture = (p: string): Promise<string> => readFile(path.join(repoRoot, 'packages/reconcile-core/testdata/sops', p), 'utf8');

/**
 * The `flotilla-system` namespace and its `sops-age` Secret holding the fixtures' test age key, as manifests
 * for `kubectl apply -f`: the agent decrypts with it as kustomize-controller does (`*.agekey` entries).
 */
export async function sopsAgeSecretManifests(): Promise<string> {
  return (
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flotilla-system\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: sops-age\n  namespace: flotilla-system\n' +
    `stringData:\n  identity.agekey: ${JSON.stringify(await sopsFixture('keys/test.agekey'))}\n`
  );
}
