// GitRepository `spec.url` accepts http, https and ssh (flux.md §1.1); the hub cannot fetch ssh yet and
// marks such a source Stalled, so the form says so before saving.
export function gitUrlError(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'URL is required.';
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
