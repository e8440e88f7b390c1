#!/usr/bin/env node
// `flotilla <command>`: runs the CLI bundle that `pnpm build` writes to apps/cli/dist. In a checkout, a
// bundle that is missing or older than one of its source files is rebuilt first (a stat per source file,
// no directory walk), so the command always runs the code beside it; an install without the build script
// runs the bundle as it is.
import { existsSync } from 'node:fs';

const builder = new URL('../../../scripts/build-bundles.mjs', import.meta.url);
if (existsSync(builder)) {
  const { buildBundles } = await import(builder.href);
  await buildBundles(['cli'], { ifStale: true, quiet: true });
}
await import(new URL('../dist/flotilla.mjs', import.meta.url).href);
