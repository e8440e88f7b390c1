import type { Request } from 'express';
import type { Actor, RequestOrigin } from './actor.js';

export const SESSION_COOKIE = 'flotilla_session';
export const CSRF_COOKIE = 'flotilla_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The state, nonce and PKCE verifier of an OpenID sign-in under way (httpOnly, ten minutes). */
export const OIDC_COOKIE = 'flotilla_oidc';

/** An Express request after the auth middleware ran. */
export type HubRequest = Request & { actor?: Actor };

export function originOf(req: Request): RequestOrigin {
  return { ip: req.ip ?? req.socket.remoteAddress ?? null, userAgent: req.get('user-agent') ?? null };
}

export function readCookie(req: Request, name: string): string | undefined {
  const cookies: unknown = req.cookies;
  if (typeof cookies !== 'object' || cookies === null) return undefined;
  const value: unknown = (cookies as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
