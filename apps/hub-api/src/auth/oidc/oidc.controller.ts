import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { DomainError } from '../../common/domain-error.js';
import { JsonLogger } from '../../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../../config.js';
import { setSessionCookies } from '../auth.controller.js';
import { OIDC_COOKIE, originOf, readCookie, type HubRequest } from '../http-request.js';
import { OidcSignInService } from './oidc-sign-in.service.js';

const PENDING_TTL_MS = 10 * 60_000;
const pendingSchema = z.object({ state: z.string().min(1), nonce: z.string().min(1), verifier: z.string().min(43).max(128) });

/**
 * `/api/auth/oidc`: whether sign-in through the provider is offered, the redirect to it, and the way back.
 * Failures land on the login page with `?oidc=failed` (the reason is in the hub's log and audit entry).
 */
@Controller('api/auth/oidc')
export class OidcController {
  constructor(
    private readonly signIn: OidcSignInService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly log: JsonLogger,
  ) {}

  @Get()
  status(): { enabled: boolean } {
    return { enabled: this.signIn.enabled };
  }

  @Get('login')
  async login(@Res() res: Response): Promise<void> {
    if (!this.signIn.enabled) throw new DomainError('BAD_REQUEST', 'sign-in through an OpenID provider is not configured');
    let begun;
    try {
      begun = await this.signIn.begin();
    } catch (err) {
      this.log.error('oidc provider unreachable', { error: err instanceof Error ? err.message : String(err) });
      res.redirect(302, '/login?oidc=unavailable');
      return;
    }
    const { url, pending } = begun;
    res.cookie(OIDC_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
      httpOnly: true,
      // Lax: the provider's redirect back is a top-level GET, which carries it.
      sameSite: 'lax',
      secure: this.config.http.secureCookies,
      path: '/api/auth/oidc',
      maxAge: PENDING_TTL_MS,
    });
    res.redirect(302, url.href);
  }

  @Get('callback')
  async callback(@Req() req: HubRequest, @Res() res: Response): Promise<void> {
    const settings = this.config.auth.oidc;
    if (!settings) throw new DomainError('BAD_REQUEST', 'sign-in through an OpenID provider is not configured');
    res.clearCookie(OIDC_COOKIE, { path: '/api/auth/oidc' });
    const pending = pendingSchema.safeParse(parseCookie(readCookie(req, OIDC_COOKIE)));
    if (!pending.success) {
      res.redirect(302, '/login?oidc=expired');
      return;
    }
    const callbackUrl = new URL(settings.redirectUrl);
    callbackUrl.search = new URL(req.originalUrl, 'http://callback.invalid').search;
    try {
      const session = await this.signIn.complete(callbackUrl, pending.data, originOf(req));
      setSessionCookies(res, session, this.config.http.secureCookies);
      res.redirect(302, '/');
    } catch (err) {
      const code = err instanceof DomainError ? err.code : 'OIDC_ERROR';
      if (!(err instanceof DomainError)) this.log.error('oidc sign-in failed', { error: err instanceof Error ? err.message : String(err) });
      res.redirect(302, `/login?oidc=${encodeURIComponent(code.toLowerCase())}`);
    }
  }
}

function parseCookie(value: string | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
