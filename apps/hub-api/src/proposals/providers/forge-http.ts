import type { z } from 'zod';

/**
 * A call to a forge that did not succeed. The message names the forge, the call and what to do; it never
 * holds the token. `retryAfterMs` is set when the forge rate-limited the call.
 */
export class ForgeError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ForgeError';
  }
}

export interface ForgeHttpOptions {
  /** `GitHub`, `GitLab` or `Gitea`, for messages. */
  forge: string;
  /** Whose token it is, for messages: "the automation", "the FleetSync". */
  tokenOwner: string;
  apiUrl: string;
  /** The header that carries the token, and its value. */
  auth: { header: string; value: string };
  /** The secret inside `auth.value`, scrubbed from anything the forge echoes back. */
  token: string;
  headers?: Record<string, string>;
  /** Refuses hosts the hub must not reach (the source host policy). */
  checkHost: (url: URL) => Promise<void>;
  timeoutMs?: number;
}

export interface ForgeHttp {
  /** Sends a JSON request and validates the answer; `schema` null: the body is ignored. */
  send<T>(method: string, path: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
  send(method: string, path: string, body: unknown, schema: null): Promise<void>;
}

/** When a rate-limited answer lets the caller try again: Retry-After, else x-ratelimit-reset, else a minute. */
function retryAfterMs(res: Response, now: number): number {
  const after = res.headers.get('retry-after');
  if (after && /^\d+$/.test(after.trim())) return Number(after) * 1000;
  if (after && !Number.isNaN(Date.parse(after))) return Math.max(0, Date.parse(after) - now);
  const reset = res.headers.get('x-ratelimit-reset');
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return 60_000;
}

const isRateLimited = (res: Response): boolean => res.status === 429 || (res.status === 403 && (res.headers.has('retry-after') || res.headers.get('x-ratelimit-remaining') === '0'));

/** A small JSON client over fetch: the forge's auth header, its host checked, its answers validated. */
export function forgeHttp(opts: ForgeHttpOptions): ForgeHttp {
  const base = opts.apiUrl.replace(/\/+$/, '');
  const scrub = (text: string): string => (opts.token ? text.split(opts.token).join('***') : text);
  const send = async (method: string, path: string, body: unknown, schema: z.ZodType<unknown> | null): Promise<unknown> => {
    const url = new URL(base + path);
    await opts.checkHost(url);
    const call = `${method} ${url.pathname}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...opts.headers, [opts.auth.header]: opts.auth.value },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: 'error',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      throw new ForgeError(null, `${opts.forge} could not be reached at ${url.origin} (${call}): ${scrub(cause)}`);
    }
    const text = await res.text();
    if (!res.ok) {
      let said = '';
      try {
        const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
        said = typeof parsed.message === 'string' ? parsed.message : typeof parsed.error === 'string' ? parsed.error : JSON.stringify(parsed.message ?? parsed.error ?? '');
      } catch {
        said = text;
      }
      said = scrub(said).slice(0, 300);
      if (isRateLimited(res)) {
        const wait = retryAfterMs(res, Date.now());
        throw new ForgeError(res.status, `${opts.forge} rate-limited ${call} (${res.status}); retrying after ${Math.ceil(wait / 1000)} s`, wait);
      }
      if (res.status === 401) throw new ForgeError(401, `${opts.forge} refused ${opts.tokenOwner}'s token (401 on ${call}): set a valid token with access to the repository`);
      if (res.status === 403) throw new ForgeError(403, `${opts.forge} forbade ${call} (403): the token lacks the permission${said ? ` — ${said}` : ''}`);
      if (res.status === 404) throw new ForgeError(404, `${opts.forge} has no ${call} (404): check the repository and the API URL`);
      throw new ForgeError(res.status, `${opts.forge} answered ${res.status} to ${call}${said ? `: ${said}` : ''}`);
    }
    if (!schema) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ForgeError(res.status, `${opts.forge} answered ${call} with something other than JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ForgeError(res.status, `${opts.forge} answered ${call} with an unexpected shape: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
    return parsed.data;
  };
  return { send } as ForgeHttp;
}
