import { openSealedJson, type SecretBox } from '../../common/secret-box.js';
import { gitCredentialsSchema, type GitCredentials } from '@flotilla/git-source';

// Git credentials at rest: validated, serialised and sealed with the hub's SecretBox, bound to the row that
// owns them (the context), so the sources repository stores only ciphertext.

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

/** The credentials' own keys (optional) and `caCert` (optional), not both absent. */
const storedGitSecretShape = {
  safeParse(value: unknown): { success: true; data: StoredGitSecret } | { success: false } {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { success: false };
    const { caCert, ...rest } = value as Record<string, unknown>;
    if (caCert !== undefined && (typeof caCert !== 'string' || caCert === '')) return { success: false };
    if (Object.keys(rest).length === 0) return caCert ? { success: true, data: { caCert } } : { success: false };
    const auth = gitCredentialsSchema.safeParse(rest);
    return auth.success ? { success: true, data: { auth: auth.data, ...(caCert ? { caCert } : {}) } } : { success: false };
  },
};

/** Opens and re-validates; a corrupt or foreign value is a SecretBoxError, never the plaintext. */
export function openGitSecret(box: SecretBox, sealed: string, context: string): StoredGitSecret {
  return openSealedJson(box, sealed, context, storedGitSecretShape, 'git credentials');
}
