import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type GitAuthMode = 'none' | 'basic' | 'bearer';

export interface GitCredentials {
  username: string;
  password: string;
  token: string;
}

export const gitRealm = 'flotilla-test-git';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Returns the authenticated user, or undefined when the request must be answered with 401.
// Bearer mode accepts only `Authorization: Bearer`, as Flux's bearerToken secret sends it.
export function authenticate(
  req: IncomingMessage,
  mode: GitAuthMode,
  creds: GitCredentials,
): string | undefined {
  if (mode === 'none') return '';
  const header = req.headers.authorization ?? '';
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (mode === 'bearer') return scheme === 'bearer' && same(value, creds.token) ? 'token' : undefined;
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  const pass = decoded.slice(colon + 1);
  return same(user, creds.username) && same(pass, creds.password) ? user : undefined;
}

export function challenge(mode: GitAuthMode): string {
  return mode === 'bearer' ? `Bearer realm="${gitRealm}"` : `Basic realm="${gitRealm}", charset="UTF-8"`;
}

// The header the system git CLI sends (via http.extraHeader) so pushes go through the same auth.
export function authorizationHeader(mode: GitAuthMode, creds: GitCredentials): string | undefined {
  if (mode === 'basic')
    return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
  if (mode === 'bearer') return `Bearer ${creds.token}`;
  return undefined;
}
