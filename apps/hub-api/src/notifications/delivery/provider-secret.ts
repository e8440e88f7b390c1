import type { SecretBox } from '../../common/secret-box.js';
import type { ProviderSecret } from '../payloads/provider-request.js';
import { proxySecrets } from './proxy-url.js';

/** Sealed secrets are bound to their Provider's row, so a value copied onto another Provider does not open. */
const context = (providerId: string): string => `provider:${providerId}`;

export function sealProviderSecret(
  box: SecretBox,
  providerId: string,
  secret: ProviderSecret,
): { sealed: string; keys: string[] } {
  const keys = (['address', 'token', 'headers', 'proxy'] as const).filter((k) => secret[k] !== undefined);
  return { sealed: box.seal(JSON.stringify(secret), context(providerId)), keys };
}

export function openProviderSecret(
  box: SecretBox,
  providerId: string,
  sealed: string | null,
): ProviderSecret {
  if (sealed === null) return {};
  return JSON.parse(box.open(sealed, context(providerId))) as ProviderSecret;
}

/** Every secret value, for scrubbing error texts. */
export const secretValues = (s: ProviderSecret): string[] =>
  [s.address ?? '', s.token ?? '', ...Object.values(s.headers ?? {}), ...proxySecrets(s.proxy)].filter(
    (v) => v.length >= 4,
  );
