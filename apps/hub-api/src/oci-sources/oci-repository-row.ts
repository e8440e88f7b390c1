import type { ArtifactStatus } from '@flotilla/git-source';

// What a hub OCIRepository row holds besides its spec: `status.artifact` (Flux's, with the manifest's
// annotations as metadata), the context its sealed credentials are bound to, and its cosign public keys.

/** A source artifact as a GitRepository's, plus the manifest's annotations. */
export interface OciArtifact extends ArtifactStatus {
  metadata?: Record<string, string>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sealed credentials are bound to the row, so a ciphertext copied to another row does not open. */
export const ociCredentialsContext = (id: string): string => `ocirepository:${id}`;
/** Its CA and client certificate, under a context of their own. */
export const ociTlsContext = (id: string): string => `ocirepository-tls:${id}`;

export function ociArtifactOf(status: unknown): OciArtifact | undefined {
  const a = isRecord(status) ? status.artifact : undefined;
  return isRecord(a) && typeof a.digest === 'string' && typeof a.revision === 'string' && typeof a.size === 'number' && typeof a.url === 'string' ? (a as unknown as OciArtifact) : undefined;
}

export function publicKeysOf(json: unknown): { name: string; pem: string }[] {
  return Array.isArray(json) ? json.filter((k): k is { name: string; pem: string } => isRecord(k) && typeof k.name === 'string' && typeof k.pem === 'string') : [];
}
