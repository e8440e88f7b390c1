import type { FluxEvent } from '@flotilla/protocol/flux';
import { jsonRequest, objectName, sortedMetadata, type ProviderRequest } from './provider-request.js';

/** A Google Chat webhook card (cards v1: header, a text paragraph, the metadata as key/values). */
export function googleChatRequest(address: string, event: FluxEvent): ProviderRequest {
  const metadata = sortedMetadata(event);
  return jsonRequest(address, {
    cards: [
      {
        header: { title: objectName(event), subtitle: event.reportingController },
        sections: [
          { widgets: [{ textParagraph: { text: event.message } }] },
          ...(metadata.length
            ? [{ widgets: metadata.map(([topLabel, content]) => ({ keyValue: { topLabel, content } })) }]
            : []),
        ],
      },
    ],
  });
}
