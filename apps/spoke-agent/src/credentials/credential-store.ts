import { createHash } from 'node:crypto';
import * as z from 'zod';

/** What the agent keeps after registering. The registration token itself is never stored, only its hash. */
export const storedCredentialSchema = z.object({
  hubUrl: z.string().min(1),
  clusterId: z.string().min(1),
  clusterName: z.string().min(1),
  credential: z.string().regex(/^flc_/),
  /** sha256 of the token this credential came from: a different token means "register again". */
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  registeredAt: z.string(),
});
export type StoredCredential = z.infer<typeof storedCredentialSchema>;

/** Port for where the credential lives: a local file, or a Secret in the agent's namespace. */
export interface CredentialStore {
  /** Human description for logs, e.g. `file /root/.flotilla/agent-hub_8080.json`. */
  readonly location: string;
  /** The stored credential, or null if none. Throws CredentialStoreError when the store cannot be read. */
  load(): Promise<StoredCredential | null>;
  save(credential: StoredCredential): Promise<void>;
  /** Throws CredentialStoreError unless save() can succeed: checked before a single-use token is spent. */
  checkWritable(): Promise<void>;
}

export class CredentialStoreError extends Error {
  override readonly name = 'CredentialStoreError';
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
