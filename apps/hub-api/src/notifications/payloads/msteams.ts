import type { FluxEvent } from '@flotilla/protocol/flux';
import { jsonRequest, objectName, sortedMetadata, type ProviderRequest } from './provider-request.js';

/** A Teams Workflows webhook message holding one Adaptive Card (schema 1.4), as Flux sends it. */
export function msteamsRequest(address: string, event: FluxEvent): ProviderRequest {
  const facts = sortedMetadata(event).map(([title, value]) => ({ title, value }));
  return jsonRequest(address, {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: objectName(event),
              size: 'Large',
              weight: 'Bolder',
              wrap: true,
              ...(event.severity === 'error' ? { color: 'Attention' } : {}),
            },
            { type: 'TextBlock', text: event.message, wrap: true },
            ...(facts.length ? [{ type: 'FactSet', facts }] : []),
          ],
        },
      },
    ],
  });
}
