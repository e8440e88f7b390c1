// Where a git URL points, for deciding whether a source's stored credentials may go to another URL: the scheme,
// host and port of a URL, or the host of an scp-like `user@host:path`.

/** The origin of a git URL (`https://git.example:8443`, or `git.example` for `git@git.example:org/repo`). */
export function gitUrlOrigin(u: string): string {
  try {
    const url = new URL(u);
    return `${url.protocol}//${url.host}`;
  } catch {
    return /^(?:[^@/]+@)?([^:/]+):/.exec(u)?.[1] ?? u;
  }
}

/** Whether two git URLs have one origin (an scp-like URL and an ssh:// one to the same host do not, to be safe). */
export const sameGitOrigin = (a: string, b: string): boolean => gitUrlOrigin(a) === gitUrlOrigin(b);
