import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub } from '../../test/hub-harness.js';

describe('the hub serves the built web UI', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let dist: string;

  beforeAll(async () => {
    dist = await mkdtemp(path.join(os.tmpdir(), 'flotilla-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(dist, 'assets/app-1234.js'), 'console.log(1)');
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { webDistDir: dist, seedUsers: false });
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
    await rm(dist, { recursive: true, force: true });
  });

  it('index.html at / and for client-side routes (SPA fallback), uncached', async () => {
    for (const route of ['/', '/clusters/abc', '/login']) {
      const res = await fetch(`${t.url}${route}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('id="root"');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('hashed assets with a long immutable cache', async () => {
    const res = await fetch(`${t.url}/assets/app-1234.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('API paths never fall back to index.html', async () => {
    const res = await fetch(`${t.url}/api/nope`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await fetch(`${t.url}/healthz`, { headers: { accept: 'text/html' } })).headers.get('content-type')).toContain('application/json');
  });
});
