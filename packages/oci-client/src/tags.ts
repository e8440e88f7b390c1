import { errorFromResponse, OciClientError } from './errors.js';
import type { RegistrySession } from './session.js';

export interface ListTagsOptions {
  /** Tags asked for per page (`?n=`); registries may answer with fewer. Default 1000. */
  pageSize?: number;
  /** Refuse to read past this many tags, so a runaway repository cannot exhaust memory. Default 1,000,000. */
  maxTags?: number;
}

export interface ListedTags {
  tags: string[];
  /** How many `tags/list` requests it took. */
  pages: number;
}

// `</v2/app/tags/list?n=100&last=v99>; rel="next"` — the distribution spec's pagination header.
export function nextPageLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(?:^|;)\s*rel="?next"?\s*(?:;|$)/i.test(m[2] ?? '')) return m[1];
  }
  return undefined;
}

/**
 * Every tag of the session's repository, following the `Link: <…>; rel="next"` pages of
 * `GET /v2/<name>/tags/list?n=` as the distribution spec describes (the registry sets `last`); a registry that
 * ignores `n` and answers everything at once ends the loop by sending no Link header. The session's signal
 * bounds the whole listing.
 */
export async function listTags(session: RegistrySession, options: ListTagsOptions = {}): Promise<ListedTags> {
  const maxTags = options.maxTags ?? 1_000_000;
  const what = 'listing tags';
  const tags: string[] = [];
  let url: string | undefined = session.url(`tags/list?n=${options.pageSize ?? 1000}`);
  let pages = 0;
  const seen = new Set<string>();
  while (url) {
    // A registry that links a page to itself (or back) would otherwise loop for ever.
    if (seen.has(url)) throw new OciClientError(`${what}: the registry linked to a page it already sent`, 'PAGINATION_LOOP');
    seen.add(url);
    const res: Response = await session.fetch(url, { headers: { Accept: 'application/json' } }, what);
    pages++;
    // A repository with no tag yet is NAME_UNKNOWN on distribution: an empty list, as Flux reads it.
    if (res.status === 404 && pages === 1) {
      const err = await errorFromResponse(res, what);
      if (err.code === 'NAME_UNKNOWN') return { tags: [], pages };
      throw err;
    }
    if (!res.ok) throw await errorFromResponse(res, what);
    const body = (await res.json().catch(() => undefined)) as { tags?: unknown } | undefined;
    // A repository that exists without tags answers `"tags": null`.
    if (body === undefined || (body.tags !== null && body.tags !== undefined && !Array.isArray(body.tags)))
      throw new OciClientError(`${what}: the answer has no tag list`, 'TAGS_INVALID', res.status);
    for (const tag of (body.tags ?? []) as unknown[]) if (typeof tag === 'string') tags.push(tag);
    if (tags.length > maxTags) throw new OciClientError(`${what}: more than ${maxTags} tags`, 'TOO_MANY_TAGS');
    const next = nextPageLink(res.headers.get('link'));
    url = next === undefined ? undefined : new URL(next, url).toString();
  }
  return { tags, pages };
}
