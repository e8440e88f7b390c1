import { z } from 'zod';
import { authFromDockerConfig, type RegistryAuth } from '@flotilla/oci-client';
import { openSealedJson, type SecretBox } from '../common/secret-box.js';

// Registry credentials at rest, sealed with the hub's SecretBox and bound to the repository row (the
// context), like git credentials: the row holds only ciphertext.

const imageCredentialsSchema = z.union([
  z.object({ username: z.string().min(1), password: z.string().min(1) }).strict(),
  z.object({ dockerConfigJson: z.string().min(1) }).strict(),
]);
export type ImageCredentials = z.infer<typeof imageCredentialsSchema>;

export const imageCredentialsKind = (c: ImageCredentials): 'basic' | 'dockerconfigjson' => ('dockerConfigJson' in c ? 'dockerconfigjson' : 'basic');

export function sealImageCredentials(box: SecretBox, credentials: ImageCredentials, context: string): string {
  return box.seal(JSON.stringify(imageCredentialsSchema.parse(credentials)), context);
}

export function openImageCredentials(box: SecretBox, sealed: string, context: string): ImageCredentials {
  return openSealedJson(box, sealed, context, imageCredentialsSchema, 'registry credentials');
}

/** What to answer the registry's challenge with; a docker config without an entry for it means anonymous, as in Flux. */
export function registryAuthOf(credentials: ImageCredentials | undefined, registry: string): RegistryAuth | undefined {
  if (!credentials) return undefined;
  return 'dockerConfigJson' in credentials ? authFromDockerConfig(credentials.dockerConfigJson, registry) : credentials;
}
