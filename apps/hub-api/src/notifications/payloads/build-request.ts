import type { FluxEvent } from '@flotilla/protocol/flux';
import { providerProxy } from '../delivery/proxy-url.js';
import { alertmanagerRequest } from './alertmanager.js';
import { commitStatusRequest } from './commit-status.js';
import { genericRequest } from './generic.js';
import { googleChatRequest } from './googlechat.js';
import { msteamsRequest } from './msteams.js';
import { opsgenieRequest } from './opsgenie.js';
import { pagerDutyRequest } from './pagerduty.js';
import type { ProviderRequest, ProviderTarget } from './provider-request.js';
import { slackRequest } from './slack.js';
import { TELEGRAM_API, telegramRequest } from './telegram.js';

/** Why a Provider cannot send: the field at fault (`address`, `secret.token`, `channel`) and what is wrong. */
export interface ProviderProblem {
  field: string;
  message: string;
}

/** Addresses the services publish, used when a Provider names none (as Flux does). */
const DEFAULT_ADDRESS: Partial<Record<ProviderTarget['type'], string>> = {
  pagerduty: 'https://events.pagerduty.com',
  opsgenie: 'https://api.opsgenie.com/v2/alerts',
  telegram: TELEGRAM_API,
};

/** The address the secret gives, else the spec's, else the service's own; checked as an http(s) URL. */
function addressOf(target: ProviderTarget): { address: string } | ProviderProblem {
  const fromSecret = target.secret.address;
  const address = fromSecret ?? target.address ?? DEFAULT_ADDRESS[target.type];
  const field = fromSecret !== undefined ? 'secret.address' : 'address';
  if (!address)
    return { field, message: `a ${target.type} Provider needs an address (in the spec or the secret)` };
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { field, message: 'the address is not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { field, message: 'the address must be an http or https URL' };
  return { address };
}

const needs = (value: string | null | undefined, field: string, message: string): ProviderProblem | null =>
  value ? null : { field, message };

/** What a Provider lacks to send anything, or null when it can. Ready=False names this field. */
export function providerProblem(target: ProviderTarget): ProviderProblem | null {
  const a = addressOf(target);
  if ('field' in a) return a;
  const p = providerProxy(target);
  if ('field' in p) return p;
  switch (target.type) {
    case 'generic-hmac':
      return needs(
        target.secret.token,
        'secret.token',
        'generic-hmac signs with the token; set secret.token',
      );
    case 'opsgenie':
      return needs(target.secret.token, 'secret.token', 'opsgenie needs its API key in secret.token');
    case 'telegram':
      return (
        needs(target.secret.token, 'secret.token', 'telegram needs the bot token in secret.token') ??
        needs(target.channel, 'channel', 'telegram sends to the chat id in channel')
      );
    case 'pagerduty':
      return needs(target.channel, 'channel', 'pagerduty needs the integration routing key in channel');
    case 'github':
    case 'gitlab':
    case 'gitea':
      return needs(target.secret.token, 'secret.token', `${target.type} needs an API token in secret.token`);
    case 'bitbucket':
      return target.secret.token?.includes(':')
        ? null
        : { field: 'secret.token', message: 'bitbucket needs username:app-password in secret.token' };
    default:
      return null;
  }
}

/** The HTTP request that delivers `event` through the Provider, or the problem that prevents it. */
export function buildProviderRequest(
  target: ProviderTarget,
  event: FluxEvent,
): { ok: true; request: ProviderRequest } | { ok: false; problem: ProviderProblem } {
  const problem = providerProblem(target);
  if (problem) return { ok: false, problem };
  const { address } = addressOf(target) as { address: string };
  const token = target.secret.token ?? '';
  const channel = target.channel ?? '';
  switch (target.type) {
    case 'generic':
    case 'generic-hmac':
      return { ok: true, request: genericRequest(target, address, event) };
    case 'slack':
    case 'rocket':
    case 'mattermost':
    case 'discord':
      return { ok: true, request: slackRequest(target, address, event) };
    case 'msteams':
      return { ok: true, request: msteamsRequest(address, event) };
    case 'googlechat':
      return { ok: true, request: googleChatRequest(address, event) };
    case 'alertmanager':
      return { ok: true, request: alertmanagerRequest(address, event) };
    case 'pagerduty':
      return { ok: true, request: pagerDutyRequest(address, channel, event) };
    case 'opsgenie':
      return { ok: true, request: opsgenieRequest(address, token, event) };
    case 'telegram':
      return { ok: true, request: telegramRequest(address, token, channel, event) };
    case 'github':
    case 'gitlab':
    case 'gitea':
    case 'bitbucket': {
      const req = commitStatusRequest(target.type, target, address, event);
      return 'url' in req ? { ok: true, request: req } : { ok: false, problem: req };
    }
  }
}
