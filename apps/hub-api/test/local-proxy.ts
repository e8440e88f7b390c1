import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** What the local proxy was asked: CONNECT authorities, forwarded absolute URIs, the Proxy-Authorization of each. */
export interface ProxyLog {
  connects: string[];
  forwards: string[];
  auth: (string | undefined)[];
}

/**
 * A small local proxy for tests (no real proxy is reachable from here): CONNECT tunnels for https and absolute
 * URI forwarding for http, the two ways Go's transport (so Flux) and the hub use a proxy. With `requireAuth`,
 * anything without that Proxy-Authorization gets 407.
 */
export async function startProxy(
  requireAuth?: string,
): Promise<{ url: string; log: ProxyLog; stop: () => Promise<void> }> {
  const log: ProxyLog = { connects: [], forwards: [], auth: [] };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    log.forwards.push(req.url ?? '');
    log.auth.push(req.headers['proxy-authorization']);
    if (requireAuth && req.headers['proxy-authorization'] !== requireAuth) return res.writeHead(407).end();
    const { 'proxy-authorization': _drop, ...headers } = req.headers;
    const upstream = http.request(req.url ?? '', { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    log.connects.push(req.url ?? '');
    log.auth.push(req.headers['proxy-authorization']);
    if (requireAuth && req.headers['proxy-authorization'] !== requireAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
