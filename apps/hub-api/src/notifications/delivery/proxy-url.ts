import type { ProviderProblem } from '../payloads/build-request.js';
import type { ProviderTarget } from '../payloads/provider-request.js';

/**
 * A Provider's proxy as a URL: `http(s)://[user:password@]host[:port]` with nothing after the authority (a
 * path would be silently ignored by CONNECT). Returns a problem text that never repeats the URL, because a
 * proxy given in the secret may hold credentials.
 */
export function parseProxyUrl(text: string): URL | string {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return 'is not a URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http:// or https:// URL';
  if (!u.hostname) return 'has no host';
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash)
    return 'must be scheme://host[:port] with no path, query or fragment';
  return u;
}

/** `Proxy-Authorization` for a proxy URL with user-info (decoded, as curl and Go send it); none without. */
export function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return { 'proxy-authorization': `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** The parts of a proxy URL that are secret, raw and decoded, for scrubbing error texts. */
export function proxySecrets(proxy: string | undefined): string[] {
  if (!proxy) return [];
  const u = parseProxyUrl(proxy);
  if (typeof u === 'string') return [proxy];
  return [proxy, u.password, decodeURIComponent(u.password), u.username, decodeURIComponent(u.username)];
}

/**
 * The proxy a Provider sends through: the secret's `proxy`, else the spec's (Flux's precedence), else none; or
 * the problem naming the field, without the value.
 */
export function providerProxy(target: ProviderTarget): { proxy: URL | undefined } | ProviderProblem {
  const fromSecret = target.secret.proxy;
  const text = fromSecret ?? target.proxy;
  if (!text) return { proxy: undefined };
  const u = parseProxyUrl(text);
  const field = fromSecret !== undefined ? 'secret.proxy' : 'proxy';
  return typeof u === 'string' ? { field, message: `the proxy ${u}` } : { proxy: u };
}
