import type { NotificationProviderInput } from '../../../lib/graphql/operation-types.gen';
import { filledRows, type KeyValueRow } from '../../../lib/kubernetes/label-validation';
import type { NotificationProvider } from '../api/list-providers';

export const PROVIDER_TYPES = [
  'slack',
  'msteams',
  'discord',
  'googlechat',
  'mattermost',
  'rocket',
  'generic',
  'generic-hmac',
  'alertmanager',
  'pagerduty',
  'opsgenie',
  'telegram',
  'github',
  'gitlab',
  'gitea',
  'bitbucket',
] as const;

/** The Provider form. Secret fields and the certificate start empty, also when editing: they are write-only. */
export interface ProviderFormState {
  namespace: string;
  name: string;
  type: string;
  address: string;
  channel: string;
  username: string;
  timeout: string;
  proxy: string;
  suspend: boolean;
  secretAddress: string;
  token: string;
  secretProxy: string;
  headers: KeyValueRow[];
  clearSecret: boolean;
  certificate: string;
  clearCertificate: boolean;
}

export function providerFormState(p?: NotificationProvider): ProviderFormState {
  return {
    namespace: p?.namespace ?? '',
    name: p?.name ?? '',
    type: p?.type ?? 'slack',
    address: p?.address ?? '',
    channel: p?.channel ?? '',
    username: p?.username ?? '',
    timeout: p?.timeout ?? '',
    proxy: p?.proxy ?? '',
    suspend: p?.suspend ?? false,
    secretAddress: '',
    token: '',
    secretProxy: '',
    headers: [],
    clearSecret: false,
    certificate: '',
    clearCertificate: false,
  };
}

/**
 * The input the hub takes. Any secret field filled replaces the whole stored secret; none filled keeps it
 * (the hub's rule for an update), unless "remove" is ticked. The same holds for the certificate.
 */
export function providerInput(s: ProviderFormState): NotificationProviderInput {
  const headers = filledRows(s.headers);
  const typed = s.secretAddress || s.token || s.secretProxy || headers.length > 0;
  return {
    ...(s.namespace ? { namespace: s.namespace } : {}),
    name: s.name.trim(),
    type: s.type,
    address: s.address.trim() || null,
    channel: s.channel.trim() || null,
    username: s.username.trim() || null,
    timeout: s.timeout.trim() || null,
    proxy: s.proxy.trim() || null,
    suspend: s.suspend,
    secret: typed
      ? {
          ...(s.secretAddress ? { address: s.secretAddress } : {}),
          ...(s.token ? { token: s.token } : {}),
          ...(s.secretProxy ? { proxy: s.secretProxy } : {}),
          ...(headers.length ? { headers } : {}),
        }
      : null,
    ...(s.clearSecret && !typed ? { clearSecret: true } : {}),
    certificate: s.certificate.trim() || null,
    ...(s.clearCertificate && !s.certificate.trim() ? { clearCertificate: true } : {}),
  };
}
