import { createHmac } from 'node:crypto';
import type { FluxEvent } from '@flotilla/protocol/flux';
import { jsonRequest, type ProviderRequest, type ProviderTarget } from './provider-request.js';

/**
 * Flux's generic provider: the event JSON as the controllers posted it, with the secret's `headers`.
 * generic-hmac adds `X-Signature: sha256=<hex HMAC-SHA256 of the body keyed with the token>`, which is what
 * Flux's own generic-hmac Receiver checks.
 */
export function genericRequest(target: ProviderTarget, address: string, event: FluxEvent): ProviderRequest {
  const req = jsonRequest(address, event, target.secret.headers ?? {});
  if (target.type === 'generic-hmac') {
    req.headers['x-signature'] = `sha256=${createHmac('sha256', target.secret.token ?? '')
      .update(req.body)
      .digest('hex')}`;
  }
  return req;
}
