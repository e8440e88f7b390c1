import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistrySession } from './session.js';
import { listTags, nextPageLink } from './tags.js';

describe('nextPageLink', () => {
  it('reads the rel="next" target of a distribution Link header', () => {
    expect(nextPageLink('</v2/app/tags/list?n=100&last=v99>; rel="next"')).toBe('/v2/app/tags/list?n=100&last=v99');
    expect(nextPageLink('<https://r.example/v2/a/tags/list?last=b&n=2>; rel=next')).toBe('https://r.example/v2/a/tags/list?last=b&n=2');
  });

  it('ignores other relations and no header', () => {
    expect(nextPageLink('</v2/app/tags/list?n=1>; rel="prev"')).toBeUndefined();
    expect(nextPageLink(null)).toBeUndefined();
    expect(nextPageLink('</a>; rel="prev", </b>; rel="next"')).toBe('/b');
  });
});

// Debian's registry (distribution 2.8) answers every tag at once and ignores `n`, so paging is tested
// against a server that answers `GET /v2/<name>/tags/list?n=&last=` as the distribution spec's "Listing
// Tags" section says: tags in lexical order after `last`, at most `n`, and a `Link: <…>; rel="next"` header
// while more remain.
describe('listTags against a server following the distribution spec’s tag pagination', () => {
  const tags = Array.from({ length: 250 }, (_, i) => `v${String(i).padStart(3, '0')}`);
  const requests: string[] = [];
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(url.pathname + url.search);
      if (url.pathname === '/v2/empty/tags/list') {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] }));
        return;
      }
      if (url.pathname === '/v2/null/tags/list') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: 'null', tags: null }));
        return;
      }
      if (url.pathname === '/v2/loop/tags/list') {
        res.writeHead(200, { 'Content-Type': 'application/json', Link: '</v2/loop/tags/list?n=1>; rel="next"' }).end(JSON.stringify({ name: 'loop', tags: ['a'] }));
        return;
      }
      const n = Number(url.searchParams.get('n') ?? tags.length);
      const last = url.searchParams.get('last');
      const rest = last ? tags.filter((t) => t > last) : tags;
      const page = rest.slice(0, n);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (rest.length > n) headers.Link = `</v2/app/tags/list?n=${n}&last=${page[page.length - 1]}>; rel="next"`;
      res.writeHead(200, headers).end(JSON.stringify({ name: 'app', tags: page }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('follows rel="next" until the last page: 250 tags in pages of 100', async () => {
    requests.length = 0;
    const listed = await listTags(new RegistrySession(base, 'app', undefined), { pageSize: 100 });
    expect(listed).toEqual({ tags, pages: 3 });
    expect(requests).toEqual(['/v2/app/tags/list?n=100', '/v2/app/tags/list?n=100&last=v099', '/v2/app/tags/list?n=100&last=v199']);
  });

  it('a repository with no tags yet (NAME_UNKNOWN) lists none', async () => {
    expect(await listTags(new RegistrySession(base, 'empty', undefined))).toEqual({ tags: [], pages: 1 });
  });

  it('reads a repository that exists without tags (`"tags": null`) as none', async () => {
    expect(await listTags(new RegistrySession(base, 'null', undefined))).toEqual({ tags: [], pages: 1 });
  });

  it('stops a registry that links back to a page it sent, and one past maxTags', async () => {
    await expect(listTags(new RegistrySession(base, 'loop', undefined))).rejects.toMatchObject({ code: 'PAGINATION_LOOP' });
    await expect(listTags(new RegistrySession(base, 'app', undefined), { pageSize: 100, maxTags: 150 })).rejects.toMatchObject({ code: 'TOO_MANY_TAGS' });
  });
});
