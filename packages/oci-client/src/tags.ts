import { errorFromResponse, OciClientError } from './errors.js';
import type { RegistrySession } from './session.js';

export interface ListTagsOptions {
  /** Tags asked per page (`n`); the registry may answer fewer and then names the next page in `Link`. */
  pageSize?: number;
  /** Stops a repository with an endless `Link` chain: at most this many pages are read. */
  maxPages?: number;
}

// `Link: </v2/<name>/tags/list?n=100&last=x>; rel="next"` (distribution spec, "Listing Tags").
function nextPage(link: string | null, base: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (m?.[1] && /\brel="?next"?/.test(m[2] ?? '')) return new URL(m[1], base).toString();
  }
  return undefined;
}

/** Every tag of the session's repository, following the registry's pagination. */
export async function listTags(session: RegistrySession, options: ListTagsOptions = {}): Promise<string[]> {
  const first = new URL(session.url('tags/list'));
  if (options.pageSize) first.searchParams.set('n', String(options.pageSize));
  const maxPages = options.maxPages ?? 1000;
  const tags: string[] = [];
  let url: string | undefined = first.toString();
  for (let page = 0; url; page++) {
    if (page >= maxPages) throw new OciClientError(`listing tags: more than ${maxPages} pages`, 'TOO_MANY_PAGES');
    const res = await session.fetch(url, { headers: { Accept: 'application/json' } }, 'listing tags');
    if (!res.ok) throw await errorFromResponse(res, 'listing tags');
    const body = (await res.json().catch(() => undefined)) as { tags?: unknown } | undefined;
    // A repository that exists without tags answers `"tags": null`.
    if (body === undefined || (body.tags !== null && body.tags !== undefined && !Array.isArray(body.tags))) throw new OciClientError('listing tags: the registry answered something else than a tag list', 'TAGS_INVALID');
    for (const t of (body.tags as unknown[] | null | undefined) ?? []) if (typeof t === 'string') tags.push(t);
    url = nextPage(res.headers.get('link'), session.baseUrl);
  }
  return tags;
}
