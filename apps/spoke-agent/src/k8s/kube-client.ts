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
  const agent = server.protocol === 'https:' ? new https.Agent({ ...agentOpts, ...pickTls(tls) }) : new http.Agent(agentOpts);
  return makeClient({ server, agent, tls, headers }, undefined);
}

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
    impersonate: (user) => makeClient(t, user),
    close: () => t.agent.destroy(),
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
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
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
