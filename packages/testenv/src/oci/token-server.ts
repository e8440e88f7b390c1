import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TokenSigner } from './token-signer.js';

export interface TokenServer {
  realm: string;
  // Token requests answered so far (granted or refused), so tests can prove the Bearer flow ran.
  requests(): number;
  close(): Promise<void>;
}

export interface TokenServerOptions {
  signer: TokenSigner;
  issuer: string;
  service: string;
  username: string;
  password: string;
  // Serve HTTPS with this certificate and key (PEM), as the registry does when it serves TLS.
  tls?: { cert: string; key: string };
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// `repository:flotilla/apps:pull,push` → { type, name, actions }
function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean),
  };
}

// A distribution token server in the style of Docker Hub's or ghcr's: Basic credentials in, a short-lived
// JWT out. Authenticated users get every repository action they ask for; anonymous callers get a token
// with no access (the registry then refuses them), a wrong password gets 401.
export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  let served = 0;
  const handler: http.RequestListener = (req, res) => {
    served++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    let subject = '';
    const header = req.headers.authorization;
    if (header) {
      const decoded = header.startsWith('Basic ')
        ? Buffer.from(header.slice(6), 'base64').toString('utf8')
        : '';
      const colon = decoded.indexOf(':');
      if (
        colon < 0 ||
        !same(decoded.slice(0, colon), opts.username) ||
        !same(decoded.slice(colon + 1), opts.password)
      ) {
        res.writeHead(401, {
          'Content-Type': 'application/json',
          'WWW-Authenticate': 'Basic realm="flotilla-test-registry-token"',
        });
        res.end(
          JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] }),
        );
        return;
      }
      subject = opts.username;
    }
    const access = subject
      ? url.searchParams
          .getAll('scope')
          .flatMap((s) => s.split(' '))
          .map(parseScope)
          .filter((a): a is Access => a?.type === 'repository')
      : [];
    const now = Math.floor(Date.now() / 1000);
    const token = opts.signer.sign({
      iss: opts.issuer,
      sub: subject,
      aud: opts.service,
      iat: now,
      nbf: now - 10,
      exp: now + 300,
      access,
    });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        token,
        access_token: token,
        expires_in: 300,
        issued_at: new Date(now * 1000).toISOString(),
      }),
    );
  };
  const server = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    realm: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    requests: () => served,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
