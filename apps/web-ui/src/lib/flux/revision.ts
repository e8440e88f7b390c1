// Flux revision strings: `<branch>@sha1:<40 hex>`, `<tag>@sha1:…`, `sha1:…` for a bare commit, or
// `sha256:…` digests. The UI shows 7 hex digits of the hash like `git log --oneline`, the full one on copy.
const HASHED = /^(.*?)(sha1|sha256):([0-9a-f]+)$/;

export function shortRevision(revision: string): string {
  const m = HASHED.exec(revision);
  if (!m) return revision;
  const [, prefix = '', algo = '', hex = ''] = m;
  return `${prefix}${algo}:${hex.slice(0, 7)}`;
}
