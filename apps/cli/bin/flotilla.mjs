#!/usr/bin/env node
// `flotilla <command>`: runs the CLI bundle that `pnpm build` writes to apps/cli/dist. It does not look at the
// sources (a check of every source file would cost more than the build command itself); after changing them,
// run `pnpm build`, or `pnpm --silent flotilla`, which rebuilds a stale bundle first. In a checkout that was
// never built, the bundle is built here once.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/flotilla.mjs', import.meta.url);
const builder = new URL('../../../scripts/build-bundles.mjs', import.meta.url);
if (!existsSync(bundle) && existsSync(builder)) {
  const { buildBundles } = await import(builder.href);
  await buildBundles(['cli'], { quiet: true });
}
await import(bundle.href);
