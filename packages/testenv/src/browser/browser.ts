import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TestenvError } from '../process/errors.js';
import { ManagedProcess } from '../process/managed-process.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';
import { screenshotPath } from './artifact-path.js';

export interface LaunchBrowserOptions {
  // Folder under test-artifacts/ for screenshots taken outside a vitest test.
  artifactsFolder?: string;
}

export interface TestBrowser {
  browser: Browser;
  // One fresh browser context (cookies, storage) per launch; newPage() opens tabs in it.
  context: BrowserContext;
  process: ManagedProcess;
  newPage(): Promise<Page>;
  // Full-page PNG under test-artifacts/; returns its path.
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export function chromiumBinary(): string {
  return process.env.FLOTILLA_CHROMIUM_BIN ?? '/usr/bin/chromium';
}

// Flags for a quiet, deterministic headless Chromium that never talks to Google's services.
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
  '--password-store=basic',
  '--use-mock-keychain',
  '--remote-debugging-address=127.0.0.1',
  '--remote-debugging-port=0',
];

// Debian's Chromium run as a ManagedProcess (own process group, log file, reaped if the test process
// dies) and driven by playwright-core over CDP. Chromium picks its own debugging port and writes it to
// DevToolsActivePort in the profile, so there is no port race.
export async function launchBrowser(opts: LaunchBrowserOptions = {}): Promise<TestBrowser> {
  const binary = chromiumBinary();
  if (!existsSync(binary)) {
    throw new TestenvError(
      `Chromium not found at ${binary}; install it (Debian: apt-get install chromium) or set FLOTILLA_CHROMIUM_BIN`,
    );
  }
  const dir = await makeTempDir('chromium');
  const profile = path.join(dir, 'profile');
  await mkdir(profile);
  const proc = ManagedProcess.start({
    name: 'chromium',
    command: binary,
    args: [...chromiumFlags, `--user-data-dir=${profile}`, 'about:blank'],
    logPath: path.join(dir, 'chromium.log'),
    env: { ...process.env, HOME: dir },
  });
  let browser: Browser | undefined;
  try {
    const port = await waitFor(
      async () => {
        const text = await readFile(path.join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '');
        const first = text.split('\n')[0];
        return first && /^\d+$/.test(first) ? first : undefined;
      },
      { timeoutMs: 30_000, watch: [proc], what: 'chromium DevToolsActivePort' },
    );
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 30_000 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const connected = browser;
    return {
      browser: connected,
      context,
      process: proc,
      newPage: () => {
        proc.assertRunning();
        return context.newPage();
      },
      async screenshot(page, name) {
        const file = await screenshotPath(name, opts.artifactsFolder ?? 'browser');
        await mkdir(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      async close() {
        await connected.close().catch(() => undefined);
        await proc.stop();
        await removeDir(dir);
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await proc.stop();
    await removeDir(dir);
    if (err instanceof TestenvError) throw err;
    throw new TestenvError(
      `could not connect to chromium: ${(err as Error).message}`,
      'chromium',
      proc.tail(),
    );
  }
}
