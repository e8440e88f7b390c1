import { SecretBoxError, type SecretBox } from '../../common/secret-box.js';
import { gitCredentialsSchema, type GitCredentials } from '@flotilla/git-source';

// Git credentials at rest: validated, serialised and sealed with the hub's SecretBox, bound to the row that
// owns them (the context), so the sources repository stores only ciphertext.

export function sealGitCredentials(box: SecretBox, credentials: GitCredentials, context: string): string {
  return box.seal(JSON.stringify(gitCredentialsSchema.parse(credentials)), context);
}

function openJson(box: SecretBox, sealed: string, context: string): unknown {
  const text = box.open(sealed, context);
  try {
    return JSON.parse(text);
  } catch {
    throw new SecretBoxError('CIPHERTEXT_MALFORMED', 'sealed git credentials are not JSON');
  }
}

/** Opens and re-validates; a corrupt or foreign value is a SecretBoxError, never the plaintext. */
export function openGitCredentials(box: SecretBox, sealed: string, context: string): GitCredentials {
  const parsed = gitCredentialsSchema.safeParse(openJson(box, sealed, context));
  if (!parsed.success) throw new SecretBoxError('CIPHERTEXT_MALFORMED', 'sealed git credentials have an unexpected shape');
  return parsed.data;
}

/**
 * What a hub GitRepository keeps sealed, as Flux keeps it in the Secret its secretRef names: the credentials
 * (basic, bearer or ssh) and, for https, extra CA certificates (`ca.crt`), each optional but not both absent.
 */
export interface StoredGitSecret {
  auth?: GitCredentials;
  /** PEM, trusted beside the system CAs. */
  caCert?: string;
}

/** Sealed as one JSON object, the credentials' own keys plus `caCert`, so values sealed before CAs existed still open. */
export function sealGitSecret(box: SecretBox, secret: StoredGitSecret, context: string): string {
  const auth = secret.auth ? gitCredentialsSchema.parse(secret.auth) : {};
  return box.seal(JSON.stringify({ ...auth, ...(secret.caCert ? { caCert: secret.caCert } : {}) }), context);
}

export function openGitSecret(box: SecretBox, sealed: string, context: string): StoredGitSecret {
  const value = openJson(box, sealed, context);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SecretBoxError('CIPHERTEXT_MALFORMED', 'sealed git credentials have an unexpected shape');
  const { caCert, ...rest } = value as Record<string, unknown>;
  if (caCert !== undefined && typeof caCert !== 'string') throw new SecretBoxError('CIPHERTEXT_MALFORMED', 'sealed git credentials have an unexpected shape');
  if (Object.keys(rest).length === 0) {
    if (!caCert) throw new SecretBoxError('CIPHERTEXT_MALFORMED', 'sealed git credentials have an unexpected shape');
    return { caCert };
  }
  const auth = gitCredentialsSchema.safeParse(rest);
  if (!auth.success) throw new SecretBoxError('CIPHERTEXT_MALFORMED', 'sealed git credentials have an unexpected shape');
  return { auth: auth.data, ...(caCert ? { caCert } : {}) };
}
