import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { HUB_CONFIG, type HubConfig, type OidcConfig } from '../../config.js';

/** What the browser carries between the redirect to the provider and the way back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

/** The claims of a verified ID token that sign-in uses. */
export type SignInClaims = Record<string, unknown> & { iss: string; sub: string };

const loopback = (url: URL): boolean => ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);

/** The hub as an OpenID relying party (openid-client): authorization code flow with PKCE and a nonce. */
@Injectable()
export class OidcClient {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(@Inject(HUB_CONFIG) private readonly hubConfig: HubConfig) {}

  get settings(): OidcConfig | undefined {
    return this.hubConfig.auth.oidc;
  }

  async begin(): Promise<{ url: URL; pending: PendingSignIn }> {
    const settings = this.required();
    const config = await this.configuration(settings);
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUrl,
      scope: 'openid profile email groups',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** Exchanges the code the provider sent back (checking state, nonce and PKCE) for the ID token's claims. */
  async complete(callbackUrl: URL, pending: PendingSignIn): Promise<SignInClaims> {
    const config = await this.configuration(this.required());
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider sent no ID token');
    return claims as SignInClaims;
  }

  private required(): OidcConfig {
    const settings = this.settings;
    if (!settings) throw new Error('OIDC sign-in is not configured');
    return settings;
  }

  /** Discovery once, retried after a failure (the provider may start after the hub). */
  private configuration(settings: OidcConfig): Promise<oidc.Configuration> {
    const issuer = new URL(settings.issuerUrl);
    // Plain http is for a provider on this machine (tests, a local Dex); anything else must be https.
    const options = issuer.protocol === 'http:' && loopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined;
    this.discovered ??= oidc.discovery(issuer, settings.clientId, settings.clientSecret, undefined, options).catch((err: unknown) => {
      this.discovered = undefined;
      throw err;
    });
    return this.discovered;
  }
}
