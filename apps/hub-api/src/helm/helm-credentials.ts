import type { HttpCredentials } from '@flotilla/git-source';
import type { RegistryTls } from '@flotilla/oci-client';
import type { SecretBox } from '../common/secret-box.js';
import { openImageCredentials, type ImageCredentials } from '../images/image-credentials.sealed.js';
import { openRegistryTls } from '../sources/registry-tls/registry-tls.sealed.js';

// A hub HelmRepository's credentials (Flux's secretRef: username/password, or for type oci a
// .dockerconfigjson) and its CA and client certificate (certSecretRef: ca.crt, tls.crt, tls.key), sealed with
// the hub's SecretBox as registry credentials are and bound to the row, so a ciphertext copied to another row
// does not open. Basic credentials read the same as those sealed before docker configs were accepted.

export const helmCredentialsContext = (id: string): string => `helmrepository:${id}`;
export const helmTlsContext = (id: string): string => `helmrepository-tls:${id}`;

export function openHelmCredentials(box: SecretBox, row: { id: string; credentialsSealed: string | null }): ImageCredentials | undefined {
  return row.credentialsSealed ? openImageCredentials(box, row.credentialsSealed, helmCredentialsContext(row.id)) : undefined;
}

/** For an HTTP chart repository: basic auth only (a docker config is for type oci). */
export function helmHttpCredentials(c: ImageCredentials | undefined): HttpCredentials | undefined {
  return c && 'username' in c ? { username: c.username, password: c.password } : undefined;
}

export function openHelmTls(box: SecretBox, row: { id: string; tlsSealed: string | null }): RegistryTls | undefined {
  return row.tlsSealed ? openRegistryTls(box, row.tlsSealed, helmTlsContext(row.id)) : undefined;
}
