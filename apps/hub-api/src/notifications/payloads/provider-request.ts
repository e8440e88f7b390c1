import type { FluxEvent, ProviderType } from '@flotilla/protocol/flux';

/** What a Provider needs to build its request: its spec fields and its opened secret. */
export interface ProviderTarget {
  type: ProviderType;
  address: string | null;
  channel: string | null;
  username: string | null;
  /** The spec's proxy (never with credentials; those go in the secret's `proxy`). */
  proxy?: string | null;
  secret: ProviderSecret;
}

/**
 * The Provider's secret (Flux's secretRef keys): an address that overrides the spec's, a token, extra headers,
 * a proxy that overrides the spec's (it may hold credentials).
 */
export interface ProviderSecret {
  address?: string;
  proxy?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** `kustomization/apps.flux-system`, as Flux names the involved object in chat messages. */
export const objectName = (e: FluxEvent): string =>
  `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}.${e.involvedObject.namespace}`;

/** The event's metadata in key order, so messages read the same each time. */
export const sortedMetadata = (e: FluxEvent): [string, string][] =>
  Object.entries(e.metadata ?? {}).sort(([a], [b]) => a.localeCompare(b));

export const jsonRequest = (
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): ProviderRequest => ({
  url,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(payload),
});
