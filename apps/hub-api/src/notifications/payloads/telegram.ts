import type { FluxEvent } from '@flotilla/protocol/flux';
import { jsonRequest, objectName, sortedMetadata, type ProviderRequest } from './provider-request.js';

/** Telegram Bot API's default address; the Provider's address replaces it (a Bot API server of your own). */
export const TELEGRAM_API = 'https://api.telegram.org';

/** MarkdownV2 needs these characters escaped with a backslash (Bot API, "Formatting options"). */
const escapeMarkdownV2 = (text: string): string => text.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, (c) => `\\${c}`);

/** `sendMessage` to the Provider's channel (the chat id), the bot token in the path as the Bot API requires. */
export function telegramRequest(
  address: string,
  token: string,
  chatId: string,
  event: FluxEvent,
): ProviderRequest {
  const lines = [
    `${event.severity === 'error' ? '💫' : 'ℹ️'} *${escapeMarkdownV2(objectName(event))}*`,
    escapeMarkdownV2(event.message),
    ...sortedMetadata(event).map(([k, v]) => `• *${escapeMarkdownV2(k)}:* ${escapeMarkdownV2(v)}`),
  ];
  return jsonRequest(`${address.replace(/\/$/, '')}/bot${token}/sendMessage`, {
    chat_id: chatId,
    text: lines.join('\n'),
    parse_mode: 'MarkdownV2',
  });
}
