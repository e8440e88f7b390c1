import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { LookupFunction } from 'node:net';
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import type { HttpCredentials } from '../spec/git-repository.spec.js';
import { GitTransportError } from './git-transport.js';
import { HostRefusedError, type HostGuard } from './host-guard.js';

// The HTTP client isomorphic-git talks through. It exists for two reasons:
// - Credentials go only to the exact origin (scheme, host and port) of the configured URL. isomorphic-git's
//   own client (simple-get) follows redirects and keeps the Authorization header whenever the host name is
//   unchanged, so a redirect to another port on the same host received the token.
// - With a host guard, every hop, the first and each redirect, passes the guard before a connection is
//   opened, and the connection goes to the addresses the guard checked. Without one, the system resolver
//   and the network decide, as for Flux's source-controller.

export interface CredentialHttpClientOptions {
  /** The configured repository URL: its origin alone receives the credentials. */
  url: string;
  credentials?: HttpCredentials;
  guard?: HostGuard;
  /** Extra trusted CA certificates (PEM), Flux's `ca.crt` secret key. */
  ca?: string;
  /** A client certificate and its key (PEM), Flux's `tls.crt` and `tls.key`, for a server that asks for one. */
  clientCertificate?: { cert: string; key: string };
  signal: AbortSignal;
  /** Redirects followed per request (default 5, as git's http.followRedirects allows a few hops). */
  maxRedirects?: number;
}

function authorization(credentials: HttpCredentials): string {
  // Flux's bearerToken secret key: `Authorization: Bearer`. Basic credentials are sent up front, as go-git
  // (Flux's git library) does, rather than waiting for a 401.
  if ('bearerToken' in credentials) return `Bearer ${credentials.bearerToken}`;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

async function collect(body: GitHttpRequest['body']): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function guardedLookup(guard: HostGuard): LookupFunction {
  return (hostname, options, callback) => {
    guard.resolve(hostname).then(
      (addresses) => {
        const family = typeof options.family === 'number' ? options.family : 0;
        const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if (options.all) {
          callback(null, usable);
          return;
        }
        const first = usable[0];
        if (first) callback(null, first.address, first.family);
        else callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

interface Connection {
  lookup: LookupFunction | undefined;
  ca: string | undefined;
  clientCertificate: { cert: string; key: string } | undefined;
  signal: AbortSignal;
}

function send(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined, conn: Connection): Promise<IncomingMessage> {
  const options = {
    method,
    headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
    signal: conn.signal,
    ...(conn.lookup ? { lookup: conn.lookup } : {}),
  };
  return new Promise((resolve, reject) => {
    // Flux appends ca.crt to the system pool rather than replacing it; so does this.
    const secure = { ...options, ...(conn.ca ? { ca: [...tls.rootCertificates, conn.ca] } : {}), ...(conn.clientCertificate ?? {}) };
    const req = url.protocol === 'https:' ? https.request(url, secure, resolve) : http.request(url, options, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function credentialHttpClient(opts: CredentialHttpClientOptions): HttpClient {
  const origin = new URL(opts.url).origin;
  const maxRedirects = opts.maxRedirects ?? 5;
  const guard = opts.guard;
  const conn: Connection = { lookup: guard ? guardedLookup(guard) : undefined, ca: opts.ca, clientCertificate: opts.clientCertificate, signal: opts.signal };
  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      let url = new URL(req.url);
      let method = (req.method ?? 'GET').toUpperCase();
      let body = await collect(req.body);
      // Whatever isomorphic-git put in (it has no credentials to add, but be sure), authorization is ours.
      const base = Object.fromEntries(Object.entries(req.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'authorization'));
      for (let hop = 0; ; hop++) {
        if (guard?.checkHost(url) === 'refused') throw new GitTransportError('refused', guard.refusal);
        const headers = url.origin === origin && opts.credentials ? { ...base, Authorization: authorization(opts.credentials) } : base;
        let res: IncomingMessage;
        try {
          res = await send(url, method, headers, body, conn);
        } catch (err) {
          if (guard && err instanceof HostRefusedError) throw new GitTransportError('refused', guard.refusal);
          throw err;
        }
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location) {
          res.resume();
          if (hop >= maxRedirects) throw new GitTransportError('protocol', `too many redirects (more than ${maxRedirects})`);
          const next = new URL(location, url);
          // A redirect from https to http would put the rest of the exchange in clear text.
          if (url.protocol === 'https:' && next.protocol !== 'https:') throw new GitTransportError('protocol', 'refusing a redirect from https to a non-https URL');
          // Only 303 turns a POST into a GET. isomorphic-git sends every request to the configured URL and
          // does not move to the redirected one, so a git-upload-pack POST must stay a POST after a 301/302.
          if (status === 303) {
            method = 'GET';
            body = undefined;
            delete base['content-type'];
          }
          url = next;
          continue;
        }
        return {
          url: url.toString(),
          method,
          statusCode: status,
          statusMessage: res.statusMessage ?? '',
          headers: flatHeaders(res),
          body: res[Symbol.asyncIterator](),
        };
      }
    },
  };
}
