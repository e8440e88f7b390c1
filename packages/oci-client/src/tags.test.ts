import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistrySession } from './session.js';
import { listTags } from './tags.js';

// Distribution 2.8 (the test registry) answers every tag in one page, so pagination is driven here by a
// server that pages as the distribution spec says registries may: `n`/`last`, and a relative `Link` to the
// next page.
const all = Array.from({ length: 7 }, (_, i) => `v${i}`);
let server: Server;
let host: string;
let requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname + url.search);
    if (url.pathname === '/v2/endless/tags/list') {
      res.writeHead(200, { 'Content-Type': 'application/json', Link: '</v2/endless/tags/list?last=x>; rel="next"' });
      return res.end(JSON.stringify({ name: 'endless', tags: ['x'] }));
    }
    if (url.pathname === '/v2/empty/tags/list') return res.end(JSON.stringify({ name: 'empty', tags: null }));
    const n = Number(url.searchParams.get('n') ?? '100');
    const last = url.searchParams.get('last');
    const start = last ? all.indexOf(last) + 1 : 0;
    const page = all.slice(start, start + n);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (start + n < all.length) headers.Link = `</v2/app/tags/list?n=${n}&last=${page[page.length - 1]}>; rel="next"`;
    res.writeHead(200, headers);
    res.end(JSON.stringify({ name: 'app', tags: page }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('listTags', () => {
  it('follows the Link header page by page until the registry names no next page', async () => {
    requests = [];
    expect(await listTags(new RegistrySession(host, 'app', undefined), { pageSize: 3 })).toEqual(all);
    expect(requests).toEqual(['/v2/app/tags/list?n=3', '/v2/app/tags/list?n=3&last=v2', '/v2/app/tags/list?n=3&last=v5']);
  });

  it('reads a repository without tags (`"tags": null`) as none', async () => {
    expect(await listTags(new RegistrySession(host, 'empty', undefined))).toEqual([]);
  });

  it('stops a Link chain that never ends', async () => {
    await expect(listTags(new RegistrySession(host, 'endless', undefined), { maxPages: 4 })).rejects.toMatchObject({ code: 'TOO_MANY_PAGES' });
  });
});
