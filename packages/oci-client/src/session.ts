import { errorFromResponse, OciClientError } from './errors.js';

export type RegistryAuth = { username: string; password: string } | { token: string };

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

export function registryBaseUrl(registry: string): string {
  if (registry.includes('://')) return registry.replace(/\/+$/, '');
  // Plain HTTP only for loopback, the way docker treats localhost registries as insecure by default.
  const host = registry.replace(/\/+$/, '');
  return /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host) ? `http://${host}` : `https://${host}`;
}

// One conversation with a registry about one repository. The first request goes out anonymously; a 401
// names the scheme: Basic is answered with the credentials, Bearer by fetching a token from the realm
// (with the credentials, if any) as the distribution token spec says. The header is then reused.
export class RegistrySession {
  private authorization: string | undefined;
  readonly baseUrl: string;

  constructor(
    registry: string,
    private readonly repository: string,
    private readonly auth: RegistryAuth | undefined,
  ) {
    this.baseUrl = registryBaseUrl(registry);
    if ('token' in (auth ?? {})) this.authorization = `Bearer ${(auth as { token: string }).token}`;
  }

  url(pathname: string): string {
    return `${this.baseUrl}/v2/${this.repository}/${pathname}`;
  }

  async fetch(url: string, init: RequestInit, what: string): Promise<Response> {
    const send = (): Promise<Response> =>
      fetch(url, {
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
    const res = await fetch(tokenUrl, { headers: creds ? { Authorization: basic(creds) } : {} });
    if (!res.ok)
      throw await errorFromResponse(res, `${what}: token request to ${tokenUrl.origin}${tokenUrl.pathname}`);
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token)
      throw new OciClientError(`${what}: token response without a token`, 'UNAUTHORIZED', res.status);
    return `Bearer ${token}`;
  }
}
