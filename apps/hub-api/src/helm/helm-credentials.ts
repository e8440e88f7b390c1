import type { HttpCredentials } from '@flotilla/git-source';
import type { SecretBox } from '../common/secret-box.js';
import { openGitCredentials } from '../sources/git/git-credentials.sealed.js';

// A hub HelmRepository's basic-auth credentials (Flux's secretRef username/password), sealed with the hub's
// SecretBox like a GitRepository's and bound to the row, so a ciphertext copied to another row does not open.

export const helmCredentialsContext = (id: string): string => `helmrepository:${id}`;

export function openHelmCredentials(box: SecretBox, row: { id: string; credentialsSealed: string | null }): HttpCredentials | undefined {
  if (!row.credentialsSealed) return undefined;
  const c = openGitCredentials(box, row.credentialsSealed, helmCredentialsContext(row.id));
  return 'username' in c ? { username: c.username, password: c.password } : undefined;
}
