// Builds the UI into a fresh folder and swaps it in for dist/. Several processes build it (every e2e test
// file, `pnpm start` when stale) while hubs serve dist/ to browsers; vite's own build empties dist/ first,
// so a page loaded meanwhile found no assets and stayed blank. Now dist/ is missing only between two renames.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const finalDir = path.join(root, 'dist');
const outDir = path.join(root, `dist.${process.pid}.tmp`);
const previous = path.join(root, `dist.${process.pid}.old`);

fs.rmSync(outDir, { recursive: true, force: true });
try {
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
} catch (err) {
  fs.rmSync(outDir, { recursive: true, force: true });
  throw err;
}
fs.rmSync(previous, { recursive: true, force: true });
if (fs.existsSync(finalDir)) fs.renameSync(finalDir, previous);
try {
  fs.renameSync(outDir, finalDir);
} catch {
  // Another build put its dist/ in place between our renames: that one stays.
  fs.rmSync(outDir, { recursive: true, force: true });
}
fs.rmSync(previous, { recursive: true, force: true });
