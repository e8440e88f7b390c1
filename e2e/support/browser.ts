import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as testenv from '@flotilla/testenv';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface E2eBrowser {
  newPage(): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

interface TestenvBrowserApi {
  launchBrowser?: () => Promise<{
    browser: Browser;
    newPage(): Promise<Page>;
    screenshot(page: Page, name: string): Promise<string | void>;
    close(): Promise<void>;
  }>;
}

/**
 * The testenv browser helper when it exists (brief: launchBrowser lands on main), else the same thing
 * done directly with playwright-core and Debian's Chromium, writing screenshots to test-artifacts/.
 */
export async function openBrowser(suite: string): Promise<E2eBrowser> {
  const api = testenv as unknown as TestenvBrowserApi;
  if (api.launchBrowser) {
    const b = await api.launchBrowser();
    return {
      newPage: () => b.newPage(),
      screenshot: async (page, name) => String((await b.screenshot(page, `${suite}-${name}`)) ?? name),
      close: () => b.close(),
    };
  }
  const browser = await chromium.launch({
    executablePath: process.env.FLOTILLA_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const dir = path.join(testenv.artifactsDir(), suite);
  await mkdir(dir, { recursive: true });
  return {
    newPage: async () => (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage(),
    screenshot: async (page, name) => {
      const file = path.join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => browser.close(),
  };
}
