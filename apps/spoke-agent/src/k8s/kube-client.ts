import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
}

export interface KubeStreamRequest {
  path: string;
  query?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** The stream is treated as dead after this long without a byte (watch bookmarks keep a live one busy). */
  idleTimeoutMs: number;
}

export interface KubeResponse {
  status: number;
  body: unknown;
}

/** The cluster port the engine talks through: one HTTP request in, the decoded JSON answer out. */
export interface KubeClient {
  readonly server: string;
  /** Who the client acts as when it impersonates (`system:serviceaccount:ns:sa`), else undefined. */
  readonly impersonating: string | undefined;
  request(req: KubeRequest): Promise<KubeResponse>;
  /**
   * A streaming GET (a watch): `onLine` gets each newline-delimited JSON document as it arrives. Resolves when the
   * server ends the stream, with the status and, for a non-200 answer, its decoded body; rejects when the
   * connection breaks, when nothing arrives for `idleTimeoutMs`, or when the signal aborts.
   */
  stream(req: KubeStreamRequest, onLine: (doc: unknown) => void): Promise<KubeResponse>;
  /** A client over the same connections that sends `Impersonate-User: <user>` on every request. */
  impersonate(user: string): KubeClient;
  close(): void;
}

export interface KubeClientOptions {
  /** Sockets kept open to the API server; the engine's concurrency should not exceed it. */
  maxSockets?: number;
}

interface Transport {
  server: URL;
  agent: http.Agent;
  /** Watches hold their connection for minutes: they get their own sockets, so they never starve requests. */
  streamAgent: http.Agent;
  tls: https.RequestOptions;
  headers: Record<string, string>;
}

// Raw HTTP with keep-alive instead of client-node's generated clients: one small request function, no
// per-call model (de)serialisation, and connections reused across the thousands of requests an apply
// makes. client-node still reads the kubeconfig (certificates, tokens, exec plugins) for us.
export async function createKubeClient(kubeConfig: KubeConfig, opts: KubeClientOptions = {}): Promise<KubeClient> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = new URL(cluster.server);
  const tls: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(tls);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(tls.headers ?? {})) if (typeof v === 'string') headers[k] = v;
  delete tls.headers;
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 16 };
  const makeAgent = (o: http.AgentOptions) => (server.protocol === 'https:' ? new https.Agent({ ...o, ...pickTls(tls) }) : new http.Agent(o));
  return makeClient({ server, agent: makeAgent(agentOpts), streamAgent: makeAgent({ keepAlive: false }), tls, headers }, undefined);
}

// Only the TLS fields: the agent for a kubeconfig's `proxy-url` that client-node puts in `tls.agent` is not used
// (unlike kubectl), and the agent's bundle holds no proxy agents (scripts/build-bundles.mjs).
function pickTls(tls: https.RequestOptions): https.AgentOptions {
  const { ca, cert, key, rejectUnauthorized, servername } = tls;
  return { ca, cert, key, rejectUnauthorized, servername };
}

function makeClient(t: Transport, impersonating: string | undefined): KubeClient {
  const headers = impersonating ? { ...t.headers, 'Impersonate-User': impersonating } : t.headers;
  return {
    server: t.server.origin,
    impersonating,
    request: (req) => send(t, headers, req),
    stream: (req, onLine) => stream(t, headers, req, onLine),
    impersonate: (user) => makeClient(t, user),
    close: () => {
      t.agent.destroy();
      t.streamAgent.destroy();
    },
  };
}

function send(t: Transport, baseHeaders: Record<string, string>, req: KubeRequest): Promise<KubeResponse> {
  const url = new URL(req.path, t.server);
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
  const headers: Record<string, string | number> = { ...baseHeaders, Accept: 'application/json' };
  if (payload) {
    headers['Content-Type'] = req.contentType ?? 'application/json';
    headers['Content-Length'] = payload.length;
  }
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const r = mod.request(url, { method: req.method, headers, agent: t.agent }, (res) => {
      // Decoded as it arrives (a character split between two chunks is joined): each chunk's buffer is garbage at
      // once, instead of every chunk and their concatenation staying in native memory until the answer ends.
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (c: string) => (text += c));
      res.on('error', reject);
      res.on('end', () => {
        let body: unknown = text;
        if (text.length > 0) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    r.on('error', reject);
    r.setTimeout(60_000, () => r.destroy(new Error(`${req.method} ${url.pathname}: no answer from the API server within 60s`)));
    r.end(payload);
  });
}

function stream(t: Transport, baseHeaders: Record<string, string>, req: KubeStreamRequest, onLine: (doc: unknown) => void): Promise<KubeResponse> {
  const url = new URL(req.path, t.server);
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) return reject(new Error('aborted'));
    const r = mod.request(url, { method: 'GET', headers: { ...baseHeaders, Accept: 'application/json' }, agent: t.streamAgent, signal: req.signal }, (res) => {
      const status = res.statusCode ?? 0;
      // A chunk may end inside a character: the stream's decoder keeps its first bytes for the next chunk.
      res.setEncoding('utf8');
      let pending = '';
      res.on('data', (c: string) => {
        pending += c;
        if (status !== 200) return;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (line.length === 0) continue;
          let doc: unknown;
          try {
            doc = JSON.parse(line);
          } catch {
            r.destroy(new Error(`GET ${url.pathname}: the API server sent a line that is not JSON`));
            return;
          }
          onLine(doc);
        }
      });
      res.on('error', reject);
      res.on('aborted', () => reject(new Error(`GET ${url.pathname}: the connection to the API server broke`)));
      res.on('end', () => {
        if (!res.complete) return reject(new Error(`GET ${url.pathname}: the connection to the API server broke`));
        if (status === 200) return resolve({ status, body: undefined });
        let body: unknown = pending;
        try {
          body = JSON.parse(pending);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status, body });
      });
    });
    r.on('error', reject);
    r.setTimeout(req.idleTimeoutMs, () => r.destroy(new Error(`GET ${url.pathname}: nothing from the API server for ${req.idleTimeoutMs} ms`)));
    r.end();
  });
}
