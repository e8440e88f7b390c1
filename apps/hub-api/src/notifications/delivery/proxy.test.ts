import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClusterPki, makeTempDir, removeDir } from '@flotilla/testenv';
import { postProviderRequest } from './http-post.js';
import { parseProxyUrl, providerProxy } from './proxy-url.js';
import { secretValues } from './provider-secret.js';
import { startProxy } from '../../../test/local-proxy.js';

// No real proxy can be reached from here: the test runs a small local proxy (CONNECT tunnels for https, absolute
// URI forwarding for http, the two ways Go's transport and so Flux use a proxy), which records what it was asked
// and with which Proxy-Authorization, and local http and https servers stand in for the provider.

const body = '{"hello":"world"}';
const request = (url: string) => ({ url, headers: { 'content-type': 'application/json' }, body });

describe('Provider proxy (a local CONNECT and forward proxy)', () => {
  let dir: string;
  let ca: string;
  let target: http.Server;
  let tlsTarget: https.Server;
  let targetUrl: string;
  let tlsUrl: string;
  const arrived: string[] = [];

  const listen = async (s: http.Server | https.Server): Promise<number> => {
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return (s.address() as AddressInfo).port;
  };
  const record = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrived.push(`${req.url ?? ''} ${Buffer.concat(chunks).toString('utf8')}`);
      res.writeHead(200).end('ok');
    });
  };

  beforeAll(async () => {
    dir = await makeTempDir('flotilla-proxy-test-');
    const pki = await makeClusterPki(dir);
    ca = pki.caCert;
    target = http.createServer(record);
    tlsTarget = https.createServer({ cert: pki.servingCert, key: pki.servingKey }, record);
    targetUrl = `http://127.0.0.1:${await listen(target)}`;
    tlsUrl = `https://127.0.0.1:${await listen(tlsTarget)}`;
  });
  afterAll(async () => {
    target?.closeAllConnections();
    tlsTarget?.closeAllConnections();
    await Promise.all([new Promise((r) => target?.close(r)), new Promise((r) => tlsTarget?.close(r))]);
    if (dir) await removeDir(dir);
  });

  it('https goes through a CONNECT tunnel, TLS checked end to end against the CA, with decoded Basic credentials', async () => {
    const auth = `Basic ${Buffer.from('bob:p@ss:w').toString('base64')}`;
    const proxy = await startProxy(auth);
    const proxyUrl = parseProxyUrl(`http://bob:p%40ss%3Aw@${proxy.url.slice('http://'.length)}`) as URL;
    const result = await postProviderRequest(request(`${tlsUrl}/tls-hook`), {
      timeoutMs: 5000,
      ca,
      secrets: [],
      proxy: proxyUrl,
    });
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(proxy.log.connects).toEqual([new URL(tlsUrl).host]);
    expect(proxy.log.auth).toEqual([auth]);
    expect(arrived).toContain(`/tls-hook ${body}`);
    await proxy.stop();
  });

  it('http is sent to the proxy as an absolute URI (no tunnel)', async () => {
    const proxy = await startProxy();
    const result = await postProviderRequest(request(`${targetUrl}/plain-hook`), {
      timeoutMs: 5000,
      secrets: [],
      proxy: parseProxyUrl(proxy.url) as URL,
    });
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(proxy.log.forwards).toEqual([`${targetUrl}/plain-hook`]);
    expect(proxy.log.connects).toEqual([]);
    expect(proxy.log.auth).toEqual([undefined]);
    expect(arrived).toContain(`/plain-hook ${body}`);
    await proxy.stop();
  });

  it('a proxy that refuses the credentials or cannot be reached is a failure that never shows the password', async () => {
    const proxy = await startProxy('Basic nope');
    const secret = { proxy: `http://bob:hunter22@${proxy.url.slice('http://'.length)}` };
    const via = providerProxy({ type: 'generic', address: tlsUrl, channel: null, username: null, secret });
    if ('field' in via) throw new Error(via.message);
    const opts = { timeoutMs: 2000, ca, secrets: secretValues(secret), proxy: via.proxy as URL };
    const refused = await postProviderRequest(request(`${tlsUrl}/x`), opts);
    expect(refused.error).toBe('the proxy refused the tunnel: HTTP 407');
    const forwarded = await postProviderRequest(request(`${targetUrl}/x`), opts);
    expect(forwarded.statusCode).toBe(407);
    await proxy.stop();
    const down = await postProviderRequest(request(`${tlsUrl}/x`), opts);
    expect(down.statusCode).toBeNull();
    expect(down.error).toMatch(/^proxy: .*ECONNREFUSED/);
    for (const r of [refused, forwarded, down]) expect(JSON.stringify(r)).not.toContain('hunter22');
  });

  it('an outbound guard is asked about the proxy (the hub connects there) and still refuses a refused target', async () => {
    const proxy = await startProxy();
    const asked: string[] = [];
    const result = await postProviderRequest(request(`${targetUrl}/guarded`), {
      timeoutMs: 2000,
      secrets: [],
      proxy: parseProxyUrl(proxy.url) as URL,
      guard: {
        checkHost: (u) => {
          asked.push(u.host);
          return u.host === new URL(proxy.url).host ? 'refused' : 'allowed';
        },
        resolve: () => Promise.resolve([]),
      },
    });
    expect(result.error).toMatch(/outbound URL policy/);
    expect(asked).toContain(new URL(proxy.url).host);
    expect(proxy.log.forwards).toEqual([]);
    await proxy.stop();
  });
});

describe(parseProxyUrl.name, () => {
  it('takes http(s)://[user:password@]host[:port] and names what is wrong without repeating the URL', () => {
    expect(parseProxyUrl('http://proxy.corp:3128')).toBeInstanceOf(URL);
    expect(parseProxyUrl('https://u:p@proxy.corp/')).toBeInstanceOf(URL);
    for (const bad of [
      'proxy.corp:3128',
      'socks5://proxy:1080',
      'http://u:secret@proxy/path',
      'http://proxy?q=1',
    ])
      expect(parseProxyUrl(bad)).not.toContain('secret');
    expect(typeof parseProxyUrl('socks5://proxy:1080')).toBe('string');
    expect(typeof parseProxyUrl('http://proxy/path')).toBe('string');
  });

  it('the secret’s proxy overrides the spec’s; a bad one is a problem naming its field', () => {
    const base = { type: 'generic' as const, address: 'http://x', channel: null, username: null };
    expect(providerProxy({ ...base, proxy: 'http://a:1', secret: { proxy: 'http://b:2' } })).toEqual({
      proxy: new URL('http://b:2'),
    });
    expect(providerProxy({ ...base, proxy: 'http://a:1', secret: {} })).toEqual({
      proxy: new URL('http://a:1'),
    });
    expect(providerProxy({ ...base, secret: { proxy: 'ftp://u:pw@x' } })).toMatchObject({
      field: 'secret.proxy',
    });
    expect(JSON.stringify(providerProxy({ ...base, secret: { proxy: 'ftp://u:pw@x' } }))).not.toContain('pw');
    expect(providerProxy({ ...base, proxy: 'nope', secret: {} })).toMatchObject({ field: 'proxy' });
  });
});
