import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startToxiproxy, type TestToxiproxy } from './server.js';
import type { ToxiproxyProxy } from './client.js';

// Each toxic against a real TCP echo server through the real Toxiproxy server: what the fault tests rely on.

let toxi: TestToxiproxy;
let echo: net.Server;
let upstream = '';
let proxy: ToxiproxyProxy;
let proxies = 0;

beforeAll(async () => {
  echo = net.createServer((s) => s.pipe(s).on('error', () => undefined));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  upstream = `127.0.0.1:${(echo.address() as net.AddressInfo).port}`;
  toxi = await startToxiproxy();
}, 60_000);
afterAll(async () => {
  await toxi?.stop();
  await new Promise((r) => echo.close(r));
});
afterEach(async () => {
  await proxy?.delete();
});

const newProxy = async (): Promise<ToxiproxyProxy> => (proxy = await toxi.api.createProxy(`echo-${++proxies}`, upstream));

interface Outcome {
  /** What came back before the connection ended or `waitMs` passed. */
  bytes: number;
  ms: number;
  ended: 'reset' | 'closed' | 'open' | 'refused';
}

/** Writes `size` bytes and reads them back through the proxy, for at most `waitMs`. */
function roundTrip(port: number, size: number, waitMs = 5_000): Promise<Outcome> {
  return new Promise((resolve) => {
    const start = Date.now();
    let bytes = 0;
    let done = false;
    const finish = (ended: Outcome['ended']): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes, ms: Date.now() - start, ended });
    };
    const timer = setTimeout(() => finish('open'), waitMs);
    const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.alloc(size, 7)));
    socket.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes >= size) finish('closed');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => finish(err.code === 'ECONNREFUSED' ? 'refused' : 'reset'));
    socket.on('close', () => finish('closed'));
  });
}

describe('Toxiproxy (testenv)', () => {
  it('passes bytes through untouched without toxics', async () => {
    const p = await newProxy();
    expect(p.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    const out = await roundTrip(p.port, 10_000);
    expect(out).toMatchObject({ bytes: 10_000, ended: 'closed' });
    expect(out.ms).toBeLessThan(1_000);
  });

  it('latency delays every chunk by its amount', async () => {
    const p = await newProxy();
    await p.addToxic({ type: 'latency', attributes: { latency: 400 } });
    const out = await roundTrip(p.port, 100);
    expect(out.bytes).toBe(100);
    expect(out.ms).toBeGreaterThanOrEqual(380);
    await p.removeToxic('latency_downstream');
    expect((await roundTrip(p.port, 100)).ms).toBeLessThan(300);
  });

  it('bandwidth caps the rate (64 KB at 32 KB/s takes about two seconds)', async () => {
    const p = await newProxy();
    await p.addToxic({ type: 'bandwidth', attributes: { rate: 32 } });
    const out = await roundTrip(p.port, 64 * 1024, 10_000);
    expect(out.bytes).toBe(64 * 1024);
    expect(out.ms).toBeGreaterThanOrEqual(1_500);
  });

  it('reset_peer resets the connection: the client sees ECONNRESET, not data', async () => {
    const p = await newProxy();
    await p.addToxic({ type: 'reset_peer', attributes: { timeout: 0 } }, { stream: 'upstream' });
    const out = await roundTrip(p.port, 100);
    expect(out).toMatchObject({ bytes: 0, ended: 'reset' });
  });

  it('timeout 0 is a blackhole: nothing comes back and the connection stays open; with a timeout it is closed after it', async () => {
    const p = await newProxy();
    await p.addToxic({ type: 'timeout', attributes: { timeout: 0 } });
    expect(await roundTrip(p.port, 100, 1_000)).toMatchObject({ bytes: 0, ended: 'open' });
    await p.removeToxic('timeout_downstream');
    await p.addToxic({ type: 'timeout', attributes: { timeout: 300 } });
    const out = await roundTrip(p.port, 100, 3_000);
    expect(out).toMatchObject({ bytes: 0, ended: 'closed' });
    expect(out.ms).toBeGreaterThanOrEqual(250);
  });

  it('a disabled proxy refuses connections until enabled again; reset removes toxics and enables every proxy', async () => {
    const p = await newProxy();
    await p.setEnabled(false);
    expect((await roundTrip(p.port, 100)).ended).toBe('refused');
    await p.addToxic({ type: 'latency', attributes: { latency: 1_000 } });
    await toxi.api.reset();
    expect(await p.toxics()).toEqual([]);
    expect(await roundTrip(p.port, 100)).toMatchObject({ bytes: 100, ended: 'closed' });
  });

  it('refuses an unknown toxic with the API’s own reason', async () => {
    const p = await newProxy();
    await expect(p.addToxic({ type: 'latency', attributes: { latency: 1 } }, { stream: 'sideways' as 'upstream' })).rejects.toThrow(/toxiproxy POST .* → 400/);
  });
});
