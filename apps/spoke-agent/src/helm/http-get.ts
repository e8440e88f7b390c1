import http from 'node:http';
import https from 'node:https';

// One GET for Helm repository files (index.yaml, chart archives), with what Flux's HelmRepository asks of it:
// basic auth, a CA and client certificate, a timeout, and a size limit checked while reading, so an endless
// or oversized answer never fills the agent's memory. Redirects are followed (at most 5) and credentials go
// only to the origin they were given for, as helm's getter does unless passCredentials is set.

export interface HttpGetOptions {
  basicAuth?: { username: string; password: string };
  /** Send the credentials to every host, redirects and chart URLs included (Flux's passCredentials). */
  passCredentials?: boolean;
  /** The origin credentials are for; default the URL's own. */
  credentialsOrigin?: string;
  ca?: string;
  cert?: string;
  key?: string;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export type HttpGetResult = { ok: true; body: Buffer } | { ok: false; message: string; status?: number; tooLarge?: boolean };

const MAX_REDIRECTS = 5;

export async function httpGet(url: string, opts: HttpGetOptions): Promise<HttpGetResult> {
  const origin = opts.credentialsOrigin ?? new URL(url).origin;
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const u = new URL(current);
    const auth = opts.basicAuth && (opts.passCredentials || u.origin === origin) ? `Basic ${Buffer.from(`${opts.basicAuth.username}:${opts.basicAuth.password}`).toString('base64')}` : undefined;
    const res = await once(u, auth, opts, signal);
    if ('redirect' in res) {
      current = new URL(res.redirect, u).toString();
      continue;
    }
    return res;
  }
  return { ok: false, message: `too many redirects fetching ${url}` };
}

function once(u: URL, auth: string | undefined, opts: HttpGetOptions, signal: AbortSignal): Promise<HttpGetResult | { redirect: string }> {
  return new Promise((resolve) => {
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(
      u,
      {
        method: 'GET',
        headers: { 'user-agent': 'flotilla-agent (helm repository)', accept: '*/*', ...(auth ? { authorization: auth } : {}) },
        signal,
        ...(u.protocol === 'https:' ? { ...(opts.ca ? { ca: opts.ca } : {}), ...(opts.cert ? { cert: opts.cert } : {}), ...(opts.key ? { key: opts.key } : {}) } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          return resolve({ redirect: res.headers.location });
        }
        if (status !== 200) {
          res.resume();
          return resolve({ ok: false, status, message: `failed to fetch ${u.origin}${u.pathname} : ${status} ${res.statusMessage ?? ''}`.trim() });
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > opts.maxBytes) {
          res.destroy();
          return resolve({ ok: false, tooLarge: true, message: `size of ${declared} bytes exceeds the limit of ${opts.maxBytes} bytes` });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.byteLength;
          if (size > opts.maxBytes) {
            res.destroy();
            resolve({ ok: false, tooLarge: true, message: `size exceeds the limit of ${opts.maxBytes} bytes` });
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve({ ok: true, body: Buffer.concat(chunks) }));
        res.on('error', (err) => resolve({ ok: false, message: err.message }));
      },
    );
    req.on('error', (err) => resolve({ ok: false, message: signal.aborted ? `timeout fetching ${u.origin}${u.pathname}` : err.message }));
    req.end();
  });
}
