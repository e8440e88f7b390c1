import type { FluxEvent } from '@flotilla/protocol/flux';
import { jsonRequest, objectName, type ProviderRequest } from './provider-request.js';

/** Opsgenie's Create Alert API: `Authorization: GenieKey <token>`; message is limited to 130 characters. */
export function opsgenieRequest(address: string, token: string, event: FluxEvent): ProviderRequest {
  return jsonRequest(
    address,
    {
      message: `${objectName(event)}: ${event.reason}`.slice(0, 130),
      description: event.message.slice(0, 15000),
      details: event.metadata ?? {},
      ...(event.severity === 'error' ? { priority: 'P3' } : { priority: 'P5' }),
    },
    { authorization: `GenieKey ${token}` },
  );
}
