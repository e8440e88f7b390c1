// Launches Chromium, prints where its files live, then waits to be killed: the test SIGKILLs this process
// and checks that the reaper takes Chromium down with it.
import { launchBrowser } from '../browser.js';

const browser = await launchBrowser();
await (await browser.newPage()).goto('about:blank');
process.stdout.write(`${browser.process.logPath}\n`);
setInterval(() => undefined, 60_000);
