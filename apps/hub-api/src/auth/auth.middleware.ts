import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { AuthService } from './auth.service.js';
import { CSRF_COOKIE, CSRF_HEADER, originOf, readCookie, SESSION_COOKIE, type HubRequest } from './http-request.js';

// Cookie-authenticated requests that change state must prove they come from our own page.
// originalUrl, not path: middleware mounted by Nest sees `path` relative to its mount point.
const csrfProtected = (req: HubRequest): boolean => {
  if (req.method !== 'POST') return false;
  const pathname = req.originalUrl.split('?')[0]!.replace(/\/+$/, '');
  return pathname === '/graphql' || pathname === '/api/auth/logout';
};

/**
 * Resolves the actor once per request: `Authorization: Bearer flt_…` (scripts; no CSRF, a browser never
 * sends it by itself) or the session cookie (UI; double-submit CSRF token bound to the session).
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(private readonly auth: AuthService) {}

  async use(req: HubRequest, res: Response, next: NextFunction): Promise<void> {
    try {
      const header = req.get('authorization');
      if (header?.startsWith('Bearer ')) {
        const actor = await this.auth.resolveApiToken(header.slice('Bearer '.length).trim(), originOf(req));
        if (actor) req.actor = actor;
        next();
        return;
      }
      const sessionToken = readCookie(req, SESSION_COOKIE);
      if (!sessionToken) {
        next();
        return;
      }
      const session = await this.auth.resolveSession(sessionToken);
      if (!session) {
        next();
        return;
      }
      if (csrfProtected(req)) {
        const sent = req.get(CSRF_HEADER);
        const cookie = readCookie(req, CSRF_COOKIE);
        if (!sent || sent !== cookie || !this.auth.csrfMatches(sent, session.csrfHash)) {
          res.status(403).json({
            error: { code: 'CSRF_TOKEN_INVALID', message: `missing or wrong ${CSRF_HEADER} header; reload the page` },
          });
          return;
        }
      }
      req.actor = session.actor;
      next();
    } catch (err) {
      next(err);
    }
  }
}
