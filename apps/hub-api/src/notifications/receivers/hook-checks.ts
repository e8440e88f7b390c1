import { createHmac, timingSafeEqual } from 'node:crypto';

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

/** A request header by its lower-case name; the first value when it was sent more than once. */
export const header = (h: Headers, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** Constant-time equality, so a signature cannot be guessed byte by byte from response timings. */
export const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** Whether `hex` is the hex HMAC of the body keyed with the token (upper- or lower-case hex). */
export const hexHmacMatches = (hex: string, algo: HmacAlgorithm, token: string, body: Buffer): boolean =>
  sameText(hex.toLowerCase(), createHmac(algo, token).update(body).digest('hex'));

/** The body parsed as JSON, or undefined when it is not JSON. */
export function parseJson(body: Buffer | string): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const eventAllowed = (events: readonly string[], event: string | undefined): boolean =>
  events.length === 0 || (event !== undefined && events.some((e) => e.toLowerCase() === event.toLowerCase()));
