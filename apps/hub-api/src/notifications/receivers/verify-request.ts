import type { ReceiverType } from '@flotilla/protocol/flux';
import {
  eventAllowed,
  header,
  hexHmacMatches,
  parseJson,
  sameText,
  type HmacAlgorithm,
  type Headers,
  type Verdict,
} from './hook-checks.js';
import { verifyRegistryRequest, type GcrIdentity } from './verify-registry.js';

export type { Headers, Verdict } from './hook-checks.js';

/** `<algo>=<hex HMAC of the body keyed with the token>`, compared in constant time; only the algorithms listed. */
function hmacMatches(
  signature: string | undefined,
  token: string,
  body: Buffer,
  allowed: readonly HmacAlgorithm[],
): boolean {
  if (!signature) return false;
  const eq = signature.indexOf('=');
  const algo = signature.slice(0, eq) as HmacAlgorithm;
  if (eq < 0 || !allowed.includes(algo)) return false;
  return hexHmacMatches(signature.slice(eq + 1), algo, token, body);
}

/**
 * Flux's per-type checks (notification-controller receiver handlers):
 * - generic: none, the secret path is the protection; generic-hmac: `X-Signature: sha1|sha256|sha512=<hmac>`;
 * - github (and Gitea, which sends the same headers): `X-Hub-Signature-256` (or the older sha1 `X-Hub-Signature`),
 *   `ping` answered without reconciling, `X-GitHub-Event` filtered by `events`;
 * - gitlab: `X-Gitlab-Token` equals the token, `X-Gitlab-Event` filtered;
 * - bitbucket: `X-Hub-Signature` HMAC (Bitbucket Server signs with sha256), `X-Event-Key` filtered, its
 *   `diagnostics:ping` answered without reconciling;
 * - harbor: `Authorization` equals the token;
 * - dockerhub, quay: the body must be JSON; the secret path is the protection;
 * - nexus, acr, gcr, cdevents: `verify-registry.ts`.
 */
export function verifyReceiverRequest(
  type: ReceiverType,
  token: string,
  events: readonly string[],
  headers: Headers,
  body: Buffer,
  now: Date = new Date(),
  gcr: GcrIdentity | null = null,
): Verdict {
  const bad = (reason: string): Verdict => ({ outcome: 'refuse', status: 401, reason });
  switch (type) {
    case 'generic':
      return { outcome: 'accept', deliveryId: null };
    case 'generic-hmac':
      return hmacMatches(header(headers, 'x-signature'), token, body, ['sha1', 'sha256', 'sha512'])
        ? { outcome: 'accept', deliveryId: null }
        : bad('X-Signature does not match the body');
    case 'github': {
      const sig256 = header(headers, 'x-hub-signature-256');
      const ok =
        sig256 !== undefined
          ? hmacMatches(sig256, token, body, ['sha256'])
          : hmacMatches(header(headers, 'x-hub-signature'), token, body, ['sha1']);
      if (!ok) return bad('X-Hub-Signature-256 does not match the body');
      const event = header(headers, 'x-github-event');
      if (event === 'ping') return { outcome: 'ignore', reason: 'ping' };
      if (!eventAllowed(events, event))
        return { outcome: 'ignore', reason: `event ${event ?? '(none)'} is not one this Receiver takes` };
      return {
        outcome: 'accept',
        deliveryId: header(headers, 'x-github-delivery') ?? header(headers, 'x-gitea-delivery') ?? null,
      };
    }
    case 'gitlab': {
      const given = header(headers, 'x-gitlab-token');
      if (given === undefined || !sameText(given, token)) return bad('X-Gitlab-Token does not match');
      const event = header(headers, 'x-gitlab-event');
      if (!eventAllowed(events, event))
        return { outcome: 'ignore', reason: `event ${event ?? '(none)'} is not one this Receiver takes` };
      return { outcome: 'accept', deliveryId: header(headers, 'x-gitlab-event-uuid') ?? null };
    }
    case 'bitbucket': {
      if (!hmacMatches(header(headers, 'x-hub-signature'), token, body, ['sha256']))
        return bad('X-Hub-Signature does not match the body');
      const event = header(headers, 'x-event-key');
      if (event === 'diagnostics:ping') return { outcome: 'ignore', reason: 'ping' };
      if (!eventAllowed(events, event))
        return { outcome: 'ignore', reason: `event ${event ?? '(none)'} is not one this Receiver takes` };
      return { outcome: 'accept', deliveryId: header(headers, 'x-request-id') ?? null };
    }
    case 'harbor': {
      const given = header(headers, 'authorization');
      return given !== undefined && sameText(given, token)
        ? { outcome: 'accept', deliveryId: null }
        : bad('Authorization does not match');
    }
    case 'dockerhub':
    case 'quay':
      return parseJson(body) !== undefined
        ? { outcome: 'accept', deliveryId: null }
        : { outcome: 'refuse', status: 400, reason: 'the body is not JSON' };
    case 'nexus':
    case 'acr':
    case 'gcr':
    case 'cdevents':
      return verifyRegistryRequest(type, token, events, headers, body, now, gcr);
  }
}
