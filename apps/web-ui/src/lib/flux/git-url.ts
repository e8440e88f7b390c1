// GitRepository `spec.url` accepts http, https and ssh (flux.md §1.1); the scp-like `user@host:path` form
// is refused, as Flux's CRD does.
export function gitUrlError(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'URL is required.';
  if (/^[A-Za-z0-9._-]+@[^/:]+:/.test(v) && !v.includes('://'))
    return 'Write the scp-like user@host:path as ssh://user@host/path (Flux does not accept the short form).';
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'Enter a full URL, e.g. https://github.com/org/repo.git.';
  }
  if (!['http:', 'https:', 'ssh:'].includes(url.protocol)) return 'Use an http://, https:// or ssh:// URL.';
  if (url.protocol !== 'ssh:' && (url.username || url.password))
    return 'Put credentials in the credentials fields, not in the URL.';
  return null;
}

export function isSshUrl(value: string): boolean {
  return value.trim().toLowerCase().startsWith('ssh://');
}
