import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { CookieOptions, Response } from 'express';
import type { NewSession } from './auth.service.js';
import { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { AuthService } from './auth.service.js';
import { viewerOf } from './viewer.resolver.js';
import { CSRF_COOKIE, originOf, SESSION_COOKIE, type HubRequest } from './http-request.js';
import { Inject } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '../config.js';

/** The session cookie (httpOnly) and its CSRF token, which the page reads to echo in x-csrf-token. */
export function setSessionCookies(res: Response, session: NewSession, secure: boolean): void {
  const base: CookieOptions = { sameSite: 'lax', path: '/', secure, expires: session.expiresAt };
  res.cookie(SESSION_COOKIE, session.sessionToken, { ...base, httpOnly: true });
  // Readable by the page; useless to another origin, which cannot read it.
  res.cookie(CSRF_COOKIE, session.csrfToken, { ...base, httpOnly: false });
}

const loginBody = z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) });

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() req: HubRequest, @Res({ passthrough: true }) res: Response) {
    const parsed = loginBody.safeParse(body);
    if (!parsed.success) throw new DomainError('BAD_REQUEST', 'send {"username": "...", "password": "..."}');
    const session = await this.auth.login(parsed.data.username, parsed.data.password, originOf(req));
    setSessionCookies(res, session, this.config.http.secureCookies);
    const { actor } = session;
    // The same shape as the GraphQL viewer, which the UI caches from this answer.
    return { user: viewerOf(actor) };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: HubRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (req.actor) await this.auth.logout(req.actor, originOf(req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
  }
}
