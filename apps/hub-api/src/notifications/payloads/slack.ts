import type { FluxEvent } from '@flotilla/protocol/flux';
import {
  jsonRequest,
  objectName,
  sortedMetadata,
  type ProviderRequest,
  type ProviderTarget,
} from './provider-request.js';

/** The Flux logo Flux's Slack messages carry. */
const FLUX_ICON = 'https://avatars.githubusercontent.com/u/52158677?s=200&v=4';

/**
 * Slack's incoming-webhook payload as Flux sends it (one attachment, "good" or "danger", metadata as fields).
 * Rocket.Chat and Mattermost take the same payload; Discord takes it at its `/slack` endpoint. With a token the
 * address is Slack's chat.postMessage API and the token is sent as a bearer token.
 */
export function slackRequest(target: ProviderTarget, address: string, event: FluxEvent): ProviderRequest {
  const payload = {
    ...(target.channel ? { channel: target.channel } : {}),
    ...(target.username ? { username: target.username } : {}),
    icon_url: FLUX_ICON,
    attachments: [
      {
        color: event.severity === 'error' ? 'danger' : 'good',
        author_name: objectName(event),
        text: event.message,
        mrkdwn_in: ['text'],
        fields: sortedMetadata(event).map(([title, value]) => ({ title, value, short: false })),
      },
    ],
  };
  const url =
    target.type === 'discord' && !address.endsWith('/slack')
      ? `${address.replace(/\/$/, '')}/slack`
      : address;
  const auth: Record<string, string> =
    target.type === 'slack' && target.secret.token ? { authorization: `Bearer ${target.secret.token}` } : {};
  return jsonRequest(url, payload, auth);
}
