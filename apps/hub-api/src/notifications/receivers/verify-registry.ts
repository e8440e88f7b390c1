import {
  eventAllowed,
  header,
  hexHmacMatches,
  isObject,
  parseJson,
  type Headers,
  type Verdict,
} from './hook-checks.js';

const accept: Verdict = { outcome: 'accept', deliveryId: null };
const unauthorized = (reason: string): Verdict => ({ outcome: 'refuse', status: 401, reason });
const malformed = (reason: string): Verdict => ({ outcome: 'refuse', status: 400, reason });

/** Google's ID token issuers, the two spellings Flux accepts. */
const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

/** The claims of a JWT, decoded without checking its signature; undefined when it is not a JWT. */
function jwtClaims(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  const claims = parseJson(Buffer.from(parts[1], 'base64url').toString('utf8'));
  return isObject(claims) ? claims : undefined;
}

/** What a gcr Receiver expects of the push's token (Flux's secret keys `audience` and `email`). */
export interface GcrIdentity {
  audience: string;
  email: string;
}

/** A JWT's `aud` is one string or a list of them (RFC 7519 §4.1.3). */
const audienceHolds = (aud: unknown, want: string): boolean =>
  aud === want || (Array.isArray(aud) && aud.includes(want));

/**
 * gcr: a Pub/Sub push with `Authorization: Bearer <Google-signed OIDC token>`. Checked here, in Flux's order: a
 * JWT is present, its audience is the Receiver's, its issuer is Google, its email is the Receiver's service
 * account and verified, and it has not expired; the push's `message.data` is base64 of a JSON object (the
 * registry event). A Receiver without an audience and email is refused with 400, as Flux refuses one whose
 * secret lacks them. NOT checked, because it needs Google's signing keys (not reachable from the hub's
 * network): the token's signature. The secret webhook path remains the protection against a forged token.
 */
function verifyGcr(identity: GcrIdentity | null, headers: Headers, body: Buffer, now: Date): Verdict {
  if (!identity) return malformed('the gcr Receiver has no audience and email to check the token against');
  const auth = header(headers, 'authorization');
  if (!auth?.startsWith('Bearer ')) return unauthorized('the Authorization header is missing or malformed');
  const claims = jwtClaims(auth.slice('Bearer '.length));
  if (!claims) return unauthorized('the Authorization bearer is not a JWT');
  if (!audienceHolds(claims.aud, identity.audience))
    return unauthorized('the token’s audience is not this Receiver’s');
  if (typeof claims.iss !== 'string' || !GOOGLE_ISSUERS.includes(claims.iss))
    return unauthorized('the token was not issued by accounts.google.com');
  if (claims.email !== identity.email)
    return unauthorized('the token’s email is not this Receiver’s service account');
  if (claims.email_verified !== true) return unauthorized('the token email is not verified');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime())
    return unauthorized('the token has expired');
  const push = parseJson(body);
  const data = isObject(push) && isObject(push.message) ? push.message.data : undefined;
  if (typeof data !== 'string') return malformed('the body is not a Pub/Sub push with message.data');
  return isObject(parseJson(Buffer.from(data, 'base64')))
    ? accept
    : malformed('message.data is not base64 of a JSON object');
}

/** CDEvents' event type: `dev.cdevents.<subject>.<predicate>.<semver>`. */
const CDEVENT_TYPE = /^dev\.cdevents\.[a-z]+\.[a-z]+\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

/**
 * cdevents: the body must be a CDEvent (a context with version, id, source, a `dev.cdevents.…` type and a
 * timestamp; a subject with an id and content); the `Ce-Type` header is filtered by `events`. Flux validates
 * the whole event against the spec's per-type schemas; the hub checks the shape every event shares.
 */
function verifyCdevents(events: readonly string[], headers: Headers, body: Buffer): Verdict {
  const event = parseJson(body);
  if (!isObject(event) || !isObject(event.context) || !isObject(event.subject))
    return malformed('the body is not a CDEvent (context and subject)');
  const { context, subject } = event;
  if (!nonEmpty(context.version) || !nonEmpty(context.id) || !nonEmpty(context.source))
    return malformed('the CDEvent context needs version, id and source');
  if (typeof context.type !== 'string' || !CDEVENT_TYPE.test(context.type))
    return malformed('the CDEvent context type is not dev.cdevents.<subject>.<predicate>.<version>');
  if (typeof context.timestamp !== 'string' || Number.isNaN(Date.parse(context.timestamp)))
    return malformed('the CDEvent context timestamp is not a date');
  if (!nonEmpty(subject.id) || !isObject(subject.content))
    return malformed('the CDEvent subject needs an id and content');
  const type = header(headers, 'ce-type');
  if (!eventAllowed(events, type))
    return { outcome: 'ignore', reason: `event ${type ?? '(none)'} is not one this Receiver takes` };
  // The spec makes source + id unique per event, so a second delivery of the pair is a replay.
  return { outcome: 'accept', deliveryId: `${String(context.source)} ${String(context.id)}` };
}

/**
 * Registry and CD-event receivers, as Flux's notification-controller checks them:
 * - nexus: `X-Nexus-Webhook-Signature` is the hex HMAC-SHA1 of the body keyed with the token (missing or wrong
 *   → 401), and the body is JSON (else 400);
 * - acr: the body is a JSON object (the secret path is the protection; Azure does not sign);
 * - gcr: `verifyGcr`; cdevents: `verifyCdevents`.
 */
export function verifyRegistryRequest(
  type: 'nexus' | 'acr' | 'gcr' | 'cdevents',
  token: string,
  events: readonly string[],
  headers: Headers,
  body: Buffer,
  now: Date,
  gcr: GcrIdentity | null,
): Verdict {
  switch (type) {
    case 'nexus': {
      const signature = header(headers, 'x-nexus-webhook-signature');
      if (!signature) return unauthorized('X-Nexus-Webhook-Signature is missing');
      if (!hexHmacMatches(signature, 'sha1', token, body))
        return unauthorized('X-Nexus-Webhook-Signature does not match the body');
      return parseJson(body) !== undefined ? accept : malformed('the body is not JSON');
    }
    case 'acr':
      return isObject(parseJson(body)) ? accept : malformed('the body is not a JSON object');
    case 'gcr':
      return verifyGcr(gcr, headers, body, now);
    case 'cdevents':
      return verifyCdevents(events, headers, body);
  }
}
