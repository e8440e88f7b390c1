import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { registerWithHub } from './register-with-hub.js';

// A plain HTTP server answering what the contract specifies, to check how each answer is mapped — including
// the faults the real hub cannot be made to produce (5xx, unreachable, a non-hub server answering 404). The
// real hub's answers are tested in agent-hub.int.test.ts.
let server: http.Server | undefined;
async function hubAnswering(status: number, body: unknown): Promise<{ url: string; requests: unknown[] }> {
  const requests: unknown[] = [];
  server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, body: JSON.parse(data || 'null') });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('registerWithHub', () => {
  it('posts the token and agent version and returns the credential', async () => {
    const hub = await hubAnswering(200, { clusterId: 'c1', clusterName: 'dev', credential: 'flc_0123456789abcdef0123' });
    const result = await registerWithHub({ hubUrl: hub.url, token: 'flr_t', agentVersion: '0.1.0' });
    expect(result).toEqual({ ok: true, registration: { clusterId: 'c1', clusterName: 'dev', credential: 'flc_0123456789abcdef0123' } });
    expect(hub.requests).toEqual([{ method: 'POST', url: '/api/agent/register', body: { token: 'flr_t', agentVersion: '0.1.0' } }]);
  });

  it.each([
    ['REGISTRATION_TOKEN_INVALID', /not valid/],
    ['REGISTRATION_TOKEN_EXPIRED', /has expired/],
    ['REGISTRATION_TOKEN_USED', /already used/],
  ])('a 401 %s is a rejection that says which', async (code, text) => {
    const hub = await hubAnswering(401, { error: { code, message: 'from hub' } });
    const result = await registerWithHub({ hubUrl: hub.url, token: 'flr_t', agentVersion: '0.1.0' });
    expect(result).toMatchObject({ ok: false, kind: 'rejected', code });
    if (!result.ok) {
      expect(result.message).toMatch(text);
      expect(result.message).toContain('(hub: from hub)');
    }
  });

  it('a 5xx or an unreachable hub is "unavailable" (retried), not a rejection', async () => {
    const hub = await hubAnswering(503, 'down');
    expect(await registerWithHub({ hubUrl: hub.url, token: 't', agentVersion: 'v' })).toMatchObject({ ok: false, kind: 'unavailable' });
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const unreachable = await registerWithHub({ hubUrl: hub.url, token: 't', agentVersion: 'v' });
    expect(unreachable).toMatchObject({ ok: false, kind: 'unavailable' });
    if (!unreachable.ok) expect(unreachable.message).toContain('cannot reach the hub');
  });

  it('a 404 from something that is not the hub is a rejection that questions --hub', async () => {
    const hub = await hubAnswering(404, '<html>not found</html>');
    const result = await registerWithHub({ hubUrl: hub.url, token: 't', agentVersion: 'v' });
    expect(result).toMatchObject({ ok: false, kind: 'rejected', code: 'HUB_REFUSED' });
    if (!result.ok) expect(result.message).toContain('is --hub the Flotilla hub URL?');
  });

  it('a redirect is not followed (the token goes to the given URL only) and is "unavailable", not a rejection', async () => {
    const hub = await hubAnswering(308, '');
    const result = await registerWithHub({ hubUrl: hub.url, token: 'flr_t', agentVersion: 'v' });
    expect(result).toMatchObject({ ok: false, kind: 'unavailable' });
    if (!result.ok) expect(result.message).toContain('HTTP 308, a redirect, which registration does not follow');
    expect(hub.requests).toHaveLength(1);
  });

  it('an answer over 1 MiB is not read: "unavailable"', async () => {
    const hub = await hubAnswering(200, { clusterId: 'c'.repeat(2 * 1024 * 1024) });
    const result = await registerWithHub({ hubUrl: hub.url, token: 't', agentVersion: 'v' });
    expect(result).toMatchObject({ ok: false, kind: 'unavailable' });
    if (!result.ok) expect(result.message).toContain('over 1048576 bytes');
  });

  it('registers without loading Node’s fetch (undici and its WebAssembly parser, about 8 MiB of memory)', async () => {
    const hub = await hubAnswering(200, { clusterId: 'c1', clusterName: 'dev', credential: 'flc_0123456789abcdef0123' });
    const module = fileURLToPath(new URL('./register-with-hub.ts', import.meta.url));
    const script = [
      `const { registerWithHub } = await import(${JSON.stringify(module)});`,
      `const result = await registerWithHub({ hubUrl: ${JSON.stringify(hub.url)}, token: 'flr_t', agentVersion: 'v' });`,
      "console.log(JSON.stringify({ ok: result.ok, fetchLoaded: process.moduleLoadList.some((m) => m.includes('undici')) }));",
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ ok: true, fetchLoaded: false });
  });
});
