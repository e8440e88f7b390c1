import { openSealedJson, type SecretBox } from '../../common/secret-box.js';
import { gitCredentialsSchema, type GitCredentials } from '@flotilla/git-source';

// Git credentials at rest: validated, serialised and sealed with the hub's SecretBox, bound to the row that
// owns them (the context), so the sources repository stores only ciphertext.

export function sealGitCredentials(box: SecretBox, credentials: GitCredentials, context: string): string {
  return box.seal(JSON.stringify(gitCredentialsSchema.parse(credentials)), context);
}

/** Opens and re-validates; a corrupt or foreign value is a SecretBoxError, never the plaintext. */
export function openGitCredentials(box: SecretBox, sealed: string, context: string): GitCredentials {
  return openSealedJson(box, sealed, context, gitCredentialsSchema, 'git credentials');
}
