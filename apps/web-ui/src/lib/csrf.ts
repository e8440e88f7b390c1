// The hub sets flotilla_csrf as a JS-readable cookie; echoing it in a header proves the request came from
// a page on our origin (double-submit), which a cross-site form post cannot do.
export const CSRF_COOKIE = 'flotilla_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function csrfHeaders(): Record<string, string> {
  const token = readCookie(CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}
