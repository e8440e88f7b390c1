import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import tls from 'node:tls';
import { proxyAuthorization } from './proxy-url.js';

/**
 * Opens a CONNECT tunnel through `proxy` to the target's host and port (how https goes through a proxy; Go's
 * transport does the same for Flux). Resolves the raw socket to run TLS over, or an error text that names the
 * proxy's answer but never the proxy URL (it may hold credentials).
 */
export function connectTunnel(
  proxy: URL,
  target: URL,
  opts: { timeoutMs: number; lookup?: LookupFunction },
): Promise<Socket | { error: string; statusCode: number | null }> {
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const authority = `${target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname}:${port}`;
  const client = proxy.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request({
      host: proxy.hostname,
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      // A tunnel is one connection for one request; a pooled socket could be one the proxy already closed.
      agent: false,
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      timeout: opts.timeoutMs,
      ...(opts.lookup ? { lookup: opts.lookup } : {}),
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      resolve({ error: `the proxy refused the tunnel: HTTP ${res.statusCode ?? 0}`, statusCode: null });
    });
    req.on('timeout', () => req.destroy(new Error(`the proxy did not answer within ${opts.timeoutMs}ms`)));
    req.on('error', (err) => resolve({ error: `proxy: ${err.message}`, statusCode: null }));
    req.end();
  });
}

/**
 * The POST through the proxy: over the CONNECT `tunnel` with TLS to the target (checked against `ca` and the
 * target's name) for https; for http, the absolute URL sent to the proxy with the proxy's credentials.
 */
export function proxiedRequest(
  proxy: URL,
  target: URL,
  opts: {
    headers: Record<string, string>;
    timeoutMs: number;
    ca?: string | null | undefined;
    lookup?: LookupFunction | undefined;
    tunnel?: Socket | undefined;
  },
): http.ClientRequest {
  const { tunnel } = opts;
  if (tunnel)
    return https.request(target, {
      method: 'POST',
      headers: opts.headers,
      timeout: opts.timeoutMs,
      createConnection: () =>
        tls.connect({
          socket: tunnel,
          ...(isIP(target.hostname) ? {} : { servername: target.hostname }),
          ...(opts.ca ? { ca: opts.ca } : {}),
        }),
    });
  return (proxy.protocol === 'https:' ? https : http).request({
    host: proxy.hostname,
    port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
    method: 'POST',
    path: target.href,
    headers: { ...opts.headers, host: target.host, ...proxyAuthorization(proxy) },
    timeout: opts.timeoutMs,
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
  });
}
