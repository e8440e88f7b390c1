import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReceiverType } from '@flotilla/protocol/flux';

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * What to do with a webhook request: `accept` reconciles the Receiver's resources; `ignore` answers 200 and does
 * nothing (GitHub's ping, an event type the Receiver does not take); `refuse` answers `status` and does nothing.
 * `deliveryId` names the delivery where the sender gives one, for refusing replays.
 */
export type Verdict =
  | { outcome: 'accept'; deliveryId: string | null }
  | { outcome: 'ignore'; reason: string }
  | { outcome: 'refuse'; status: 400 | 401; reason: string };

const header = (h: Headers, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const HMAC_ALGORITHMS = { sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' } as const;

/** `<algo>=<hex HMAC of the body keyed with the token>`, compared in constant time; only the algorithms listed. */
function hmacMatches(
  signature: string | undefined,
  token: string,
  body: Buffer,
  allowed: readonly (keyof typeof HMAC_ALGORITHMS)[],
): boolean {
  if (!signature) return false;
  const eq = signature.indexOf('=');
  const algo = signature.slice(0, eq) as keyof typeof HMAC_ALGORITHMS;
  if (eq < 0 || !allowed.includes(algo)) return false;
  const expected = createHmac(HMAC_ALGORITHMS[algo], token).update(body).digest('hex');
  return sameText(signature.slice(eq + 1).toLowerCase(), expected);
}

const eventAllowed = (events: readonly string[], event: string | undefined): boolean =>
  events.length === 0 || (event !== undefined && events.some((e) => e.toLowerCase() === event.toLowerCase()));

function parsesAsJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
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
 * - dockerhub, quay: the body must be JSON; the secret path is the protection.
 */
export function verifyReceiverRequest(
  type: ReceiverType,
  token: string,
  events: readonly string[],
  headers: Headers,
  body: Buffer,
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
      return parsesAsJson(body)
        ? { outcome: 'accept', deliveryId: null }
        : { outcome: 'refuse', status: 400, reason: 'the body is not JSON' };
  }
}
