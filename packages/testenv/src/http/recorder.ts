import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Small HTTP servers for tests of what a client sends where: a recorder keeps the Authorization header of
// every request it receives, and its handler redirects or forwards, so a test can put a redirect or another
// origin in front of a real git server.

export interface HttpRecorder {
  baseUrl: string;
  /** The Authorization header of each request received, in order (undefined when absent). */
  auths: (string | undefined)[];
  stop(): Promise<void>;
}

export type RecorderHandler = (req: http.IncomingMessage, res: http.ServerResponse, self: HttpRecorder) => void;

export async function startHttpRecorder(handle: RecorderHandler, host = '127.0.0.1'): Promise<HttpRecorder> {
  const auths: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    auths.push(req.headers.authorization);
    handle(req, res, self);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const self: HttpRecorder = {
    baseUrl: `http://${host}:${(server.address() as AddressInfo).port}`,
    auths,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return self;
}

/** Answers every request with a redirect to the same path under `target` (another origin or a path prefix). */
export const redirectTo =
  (target: () => string, status = 302): RecorderHandler =>
  (req, res) => {
    req.resume();
    res.writeHead(status, { location: `${target()}${req.url ?? '/'}` }).end();
  };

/** Forwards every request to an http server (a git server), so a redirect target or a TLS front can serve it. */
export const proxyTo =
  (upstreamUrl: () => string, stripPrefix = '') =>
  (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const upstream = new URL(upstreamUrl());
    const path = (req.url ?? '/').replace(stripPrefix, '');
    const headers = { ...req.headers, host: upstream.host };
    const out = http.request({ host: upstream.hostname, port: upstream.port, path, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  };
