import { execFileSync, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from '../paths.js';
import { TestenvError } from '../process/errors.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';
import { launchBrowser, type TestBrowser } from './browser.js';

// Processes whose command line mentions `marker` (Chromium's profile lives under its temp dir).
function processesMentioning(marker: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(marker))
    .map((l) => Number.parseInt(l.trim(), 10));
}

const page = `<!doctype html>
<html><head><title>testenv</title></head>
<body style="font-family: sans-serif; background: #eef">
  <h1 id="status">not clicked</h1>
  <button id="go" onclick="document.getElementById('status').textContent = 'clicked ' + (++window.n)">Go</button>
  <script>window.n = 0</script>
</body></html>`;

describe('launchBrowser', () => {
  let browser: TestBrowser;
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(page));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('renders a local page, clicks a button and screenshots the result', async () => {
    const tab = await browser.newPage();
    await tab.goto(url);
    expect(await tab.title()).toBe('testenv');
    await tab.getByRole('button', { name: 'Go' }).click();
    await tab.getByRole('button', { name: 'Go' }).click();
    expect(await tab.locator('#status').textContent()).toBe('clicked 2');

    const file = await browser.screenshot(tab, 'after click: two/times');
    expect(file.startsWith(artifactsDir())).toBe(true);
    expect(path.basename(file)).toMatch(/--after-click-two-times\.png$/);
    expect(path.dirname(file)).toContain('browser.int.test.ts');
    expect(statSync(file).size).toBeGreaterThan(2_000);
  });

  it('stops Chromium and all its helper processes on close', async () => {
    const other = await launchBrowser();
    const marker = path.dirname(other.process.logPath);
    expect(processesMentioning(marker).length).toBeGreaterThan(1);
    await other.close();
    expect(other.process.running).toBe(false);
    expect(() => other.process.assertRunning()).toThrow(TestenvError);
    expect(processesMentioning(marker)).toEqual([]);
  });

  it('is torn down by the reaper when the test process dies without cleaning up', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'testdata', 'orphan-browser.ts')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const logPath = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.on('exit', (code) => reject(new Error(`orphan-browser exited early with ${code}`)));
    });
    const marker = path.dirname(logPath);
    expect(processesMentioning(marker).length).toBeGreaterThan(1);
    child.kill('SIGKILL');
    await waitFor(async () => (processesMentioning(marker).length === 0 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the reaper to kill the orphaned Chromium',
    });
  });
});

describe('launchBrowser failures', () => {
  const saved = process.env.FLOTILLA_CHROMIUM_BIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.FLOTILLA_CHROMIUM_BIN;
    else process.env.FLOTILLA_CHROMIUM_BIN = saved;
  });

  it('names the Debian package when Chromium is not installed', async () => {
    process.env.FLOTILLA_CHROMIUM_BIN = '/nonexistent/chromium';
    await expect(launchBrowser()).rejects.toThrow(/apt-get install chromium/);
  });

  it('a Chromium that dies on start fails the launch with its own log tail', async () => {
    const dir = await makeTempDir('fake-chromium');
    try {
      const fake = path.join(dir, 'chromium');
      await writeFile(fake, '#!/bin/sh\necho "fake chromium: missing libnss3.so" >&2\nexit 3\n', {
        mode: 0o755,
      });
      process.env.FLOTILLA_CHROMIUM_BIN = fake;
      const err = await launchBrowser().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TestenvError);
      expect((err as TestenvError).message).toMatch(/chromium exited with code 3/);
      expect((err as TestenvError).logTail).toContain('fake chromium: missing libnss3.so');
    } finally {
      await removeDir(dir);
    }
  });
});
