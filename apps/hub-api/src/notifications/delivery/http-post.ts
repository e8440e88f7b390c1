import http from 'node:http';
import https from 'node:https';
import { Socket, type LookupFunction } from 'node:net';
import type { ProviderRequest } from '../payloads/provider-request.js';
import { connectTunnel, proxiedRequest } from './proxy-tunnel.js';

/** Which hosts the hub may connect to: the hub's outbound URL policy (the one sources use). */
export interface OutboundGuard {
  checkHost(url: URL): 'allowed' | 'refused' | 'resolve';
  resolve(hostname: string): Promise<{ address: string; family: number }[]>;
}

/**
 * A lookup that answers with the addresses the guard approved, so the connection goes where the check looked
 * (a name cannot be resolved once for the check and again, elsewhere, for the connection).
 */
async function guardedLookup(
  url: URL,
  guard: OutboundGuard,
): Promise<LookupFunction | 'refused' | undefined> {
  const decision = guard.checkHost(url);
  if (decision === 'refused') return 'refused';
  if (decision === 'allowed') return undefined;
  let addresses: { address: string; family: number }[];
  try {
    addresses = await guard.resolve(url.hostname);
  } catch {
    return 'refused';
  }
  return (_host, options, callback) => {
    const first = addresses[0] as { address: string; family: number };
    if (options.all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, addresses);
    else callback(null, first.address, first.family);
  };
}

export interface PostResult {
  /** The response status, or null when no response came (refused, timed out, TLS failure). */
  statusCode: number | null;
  /** Why the attempt failed, without the request (which may hold tokens); null on a 2xx answer. */
  error: string | null;
  latencyMs: number;
}

/** The most of a failed response's body kept as the error (services explain refusals there). */
const MAX_ERROR_BODY = 300;

const REFUSED_BY_POLICY: PostResult = {
  statusCode: null,
  error: "the address is not allowed by the hub's outbound URL policy (FLOTILLA_SOURCE_ALLOW_HOSTS)",
  latencyMs: 0,
};

/**
 * POSTs a provider request with a deadline, an optional CA bundle and an optional proxy (https through a
 * CONNECT tunnel, http as an absolute-URI request to the proxy, as Go's transport does for Flux). Any 2xx is
 * success (Flux's rule); any other answer or no answer is a failure to retry. Error texts are scrubbed of
 * `secrets` (tokens in URLs appear in some client errors; pass the proxy's credentials too).
 */
export async function postProviderRequest(
  req: ProviderRequest,
  opts: {
    timeoutMs: number;
    ca?: string | null;
    secrets: readonly string[];
    guard?: OutboundGuard;
    proxy?: URL;
  },
): Promise<PostResult> {
  const started = performance.now();
  const scrub = (text: string): string =>
    opts.secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('***'), text);
  const url = new URL(req.url);
  const { proxy } = opts;
  // Through a proxy the hub connects only to the proxy, so the policy's address check applies to it; a target
  // host the policy refuses outright is still refused.
  if (proxy && opts.guard?.checkHost(url) === 'refused') return REFUSED_BY_POLICY;
  const lookup = opts.guard ? await guardedLookup(proxy ?? url, opts.guard) : undefined;
  if (lookup === 'refused') return REFUSED_BY_POLICY;
  let tunnel: Socket | undefined;
  if (proxy && url.protocol === 'https:') {
    const t = await connectTunnel(proxy, url, { timeoutMs: opts.timeoutMs, ...(lookup ? { lookup } : {}) });
    if (!(t instanceof Socket))
      return {
        statusCode: t.statusCode,
        error: scrub(t.error),
        latencyMs: Math.round(performance.now() - started),
      };
    tunnel = t;
  }
  const headers = {
    ...req.headers,
    'content-length': Buffer.byteLength(req.body).toString(),
    'user-agent': 'flotilla-notification',
  };
  return new Promise((resolve) => {
    let settled = false;
    const done = (statusCode: number | null, error: string | null): void => {
      if (settled) return;
      settled = true;
      resolve({
        statusCode,
        error: error === null ? null : scrub(error),
        latencyMs: Math.round(performance.now() - started),
      });
    };
    const onResponse = (res: http.IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_ERROR_BODY) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        if (status >= 200 && status < 300) return done(status, null);
        const body = Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY).trim();
        done(status, `HTTP ${status}${body ? `: ${body}` : ''}`);
      });
      res.on('error', (err) => done(status, err.message));
    };
    const out = proxy
      ? proxiedRequest(proxy, url, { headers, timeoutMs: opts.timeoutMs, ca: opts.ca, lookup, tunnel })
      : (url.protocol === 'https:' ? https : http).request(url, {
          method: 'POST',
          headers,
          ...(url.protocol === 'https:' && opts.ca ? { ca: opts.ca } : {}),
          ...(lookup ? { lookup } : {}),
          timeout: opts.timeoutMs,
        });
    out.on('response', onResponse);
    out.on('timeout', () => {
      out.destroy(new Error(`no answer within ${opts.timeoutMs}ms`));
    });
    out.on('error', (err) => done(null, err.message));
    out.end(req.body);
  });
}
