import type { ProviderType } from '@flotilla/protocol/flux';
import type { SecretBox } from '../../common/secret-box.js';
import type { ProviderRow } from '../notifications.repository.js';
import type { ProviderTarget } from '../payloads/provider-request.js';
import { openProviderSecret } from './provider-secret.js';

/** A stored Provider with its secret opened, ready to build requests. */
export function providerTarget(box: SecretBox, row: ProviderRow): ProviderTarget {
  return {
    type: row.type as ProviderType,
    address: row.address,
    channel: row.channel,
    username: row.username,
    proxy: row.proxy,
    secret: openProviderSecret(box, row.id, row.secretSealed),
  };
}
