// Where a source URL points (a GitRepository's or an OCIRepository's), for deciding whether the source's stored
// credentials may go to another URL: the scheme, host and port of a URL, or the host of an scp-like git
// `user@host:path`.

/** The origin of a source URL (`https://git.example:8443`, `oci://ghcr.io`, or `git.example` for `git@git.example:org/repo`). */
export function sourceUrlOrigin(u: string): string {
  try {
    const url = new URL(u);
    return `${url.protocol}//${url.host}`;
  } catch {
    return /^(?:[^@/]+@)?([^:/]+):/.exec(u)?.[1] ?? u;
  }
}

/** Whether two source URLs have one origin (an scp-like URL and an ssh:// one to the same host do not, to be safe). */
export const sameSourceOrigin = (a: string, b: string): boolean => sourceUrlOrigin(a) === sourceUrlOrigin(b);
