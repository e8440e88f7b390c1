import { rootCertificates } from 'node:tls';
import { errorFromResponse, OciClientError } from './errors.js';
import { tlsFailureMessage } from './tls-failure.js';

export type RegistryAuth = { username: string; password: string } | { token: string };

/** PEM material for a registry whose certificate a private CA signed, or that asks for a client certificate. */
export interface RegistryTls {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface SessionOptions {
  /** Plain HTTP whatever the host (Flux's `insecure`); loopback hosts use HTTP without it. */
  insecure?: boolean;
  tls?: RegistryTls;
  /** Ends every request of the session (a reconcile's timeout). */
  signal?: AbortSignal;
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

// `Bearer realm="https://auth.example/token",service="registry",scope="repository:x:pull"`
export function parseChallenge(header: string): Challenge {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/([A-Za-z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    if (m[1]) params[m[1].toLowerCase()] = m[2] ?? m[3] ?? '';
  }
  return { scheme, params };
}

function basic(auth: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

export function registryBaseUrl(registry: string, insecure = false, tls = false): string {
  if (registry.includes('://')) return registry.replace(/\/+$/, '');
  // Plain HTTP only for loopback, the way docker treats localhost registries as insecure by default; a CA or
  // client certificate given for the registry means it speaks TLS, loopback or not.
  const host = registry.replace(/\/+$/, '');
  if (tls && !insecure) return `https://${host}`;
  return insecure || /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host) ? `http://${host}` : `https://${host}`;
}

type Fetcher = (url: string | URL, init: RequestInit) => Promise<Response>;

// Node's global fetch takes no CA or client certificate; undici's own fetch does, through a dispatcher. As in
// Flux, a given CA is added to the system's trusted roots rather than replacing them, so a token endpoint or
// a blob redirect on a public host still verifies. The dispatcher serves this session alone. undici (750 KiB of
// JavaScript) is loaded only by a session that has TLS material, which most never have.
function fetcherFor(tls: RegistryTls | undefined): Fetcher {
  if (!tls || (!tls.ca && !tls.cert)) return (url, init) => fetch(url, init);
  const load = () =>
    import('undici').then(({ Agent, fetch: undiciFetch }) => ({
      undiciFetch,
      dispatcher: new Agent({ connect: { ...(tls.ca ? { ca: [...rootCertificates, tls.ca] } : {}), ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}) } }),
    }));
  let undici: ReturnType<typeof load> | undefined;
  return async (url, init) => {
    const { undiciFetch, dispatcher } = await (undici ??= load());
    return (await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as Response;
  };
}

// One conversation with a registry about one repository. The first request goes out anonymously; a 401
// names the scheme: Basic is answered with the credentials, Bearer by fetching a token from the realm
// (with the credentials, if any) as the distribution token spec says. The header is then reused.
export class RegistrySession {
  private authorization: string | undefined;
  readonly baseUrl: string;
  private readonly send: Fetcher;
  private readonly signal: AbortSignal | undefined;

  constructor(
    registry: string,
    private readonly repository: string,
    private readonly auth: RegistryAuth | undefined,
    options: SessionOptions = {},
  ) {
    this.baseUrl = registryBaseUrl(registry, options.insecure, options.tls !== undefined);
    this.send = fetcherFor(options.tls);
    this.signal = options.signal;
    if ('token' in (auth ?? {})) this.authorization = `Bearer ${(auth as { token: string }).token}`;
  }

  url(pathname: string): string {
    return `${this.baseUrl}/v2/${this.repository}/${pathname}`;
  }

  async fetch(url: string, init: RequestInit, what: string): Promise<Response> {
    const send = (): Promise<Response> =>
      this.request(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          ...(this.authorization ? { Authorization: this.authorization } : {}),
        },
      });
    let res = await send();
    if (res.status !== 401) return res;
    const header = res.headers.get('www-authenticate');
    const next = header ? await this.answer(parseChallenge(header), what) : undefined;
    // Credentials already sent and refused: report the registry's own error.
    if (!next || next === this.authorization) throw await errorFromResponse(res, what);
    await res.body?.cancel();
    this.authorization = next;
    res = await send();
    if (res.status === 401) throw await errorFromResponse(res, what);
    return res;
  }

  // A refused connection or a timeout, named without the URL's query (a token request's scope) or any header.
  private async request(url: string | URL, init: RequestInit): Promise<Response> {
    try {
      return await this.send(url, { ...init, ...(this.signal ? { signal: this.signal } : {}) });
    } catch (err) {
      const target = new URL(url);
      if (this.signal?.aborted) throw new OciClientError(`request to ${target.origin}${target.pathname} aborted: ${reasonOf(this.signal)}`, 'ABORTED');
      const cause = (err as { cause?: { message?: string; code?: string } }).cause;
      throw new OciClientError(`request to ${target.origin}${target.pathname} failed: ${tlsFailureMessage(err) ?? cause?.message ?? cause?.code ?? (err as Error).message}`, 'UNREACHABLE');
    }
  }

  private async answer(challenge: Challenge, what: string): Promise<string | undefined> {
    const creds = this.auth && 'username' in this.auth ? this.auth : undefined;
    if (challenge.scheme === 'basic') {
      if (!creds) throw new OciClientError(`${what}: the registry requires credentials`, 'UNAUTHORIZED', 401);
      return basic(creds);
    }
    if (challenge.scheme !== 'bearer')
      throw new OciClientError(
        `${what}: unsupported auth scheme ${challenge.scheme}`,
        'UNSUPPORTED_AUTH',
        401,
      );
    const realm = challenge.params.realm;
    if (!realm) throw new OciClientError(`${what}: Bearer challenge without a realm`, 'UNAUTHORIZED', 401);
    const tokenUrl = new URL(realm);
    if (challenge.params.service) tokenUrl.searchParams.set('service', challenge.params.service);
    tokenUrl.searchParams.set('scope', challenge.params.scope ?? `repository:${this.repository}:pull,push`);
    const res = await this.request(tokenUrl, { headers: creds ? { Authorization: basic(creds) } : {} });
    if (!res.ok)
      throw await errorFromResponse(res, `${what}: token request to ${tokenUrl.origin}${tokenUrl.pathname}`);
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token)
      throw new OciClientError(`${what}: token response without a token`, 'UNAUTHORIZED', res.status);
    return `Bearer ${token}`;
  }
}

function reasonOf(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'aborted';
}
