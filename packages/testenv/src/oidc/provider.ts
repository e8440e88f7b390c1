import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';

/** One account the provider signs in (any password; oidc-provider's own login and consent pages). */
export interface OidcAccount {
  email?: string;
  name?: string;
  groups?: string[];
}

export interface StartOidcProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** By login name, which is also the subject and `preferred_username`. */
  accounts: Record<string, OidcAccount>;
}

export interface TestOidcProvider {
  /** The issuer URL (http://127.0.0.1:<port>). */
  issuer: string;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (panva's `oidc-provider`, the certified implementation) on 127.0.0.1: authorization
 * code with PKCE required, a confidential client, and its development login and consent pages, which accept any
 * password for a listed account. Claims (including `groups`) are put in the ID token as well as userinfo.
 */
export async function startOidcProvider(opts: StartOidcProviderOptions): Promise<TestOidcProvider> {
  // The issuer URL holds the port, so the server listens before the provider exists and is handed its handler.
  const server = createServer();
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const issuer = `http://127.0.0.1:${port}`;
  // Loaded here, not at import: on Node 20 the module prints a runtime warning when it loads, which every test
  // file importing the test environment would show.
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'], groups: ['groups'] },
    conformIdTokenClaims: false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    cookies: { keys: ['flotilla-testenv-oidc-cookie-key-0123456789'] },
    findAccount: (_ctx, sub) => {
      const account = opts.accounts[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, preferred_username: sub, ...(account.name ? { name: account.name } : {}), ...(account.email ? { email: account.email } : {}), groups: account.groups ?? [] }),
      };
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
