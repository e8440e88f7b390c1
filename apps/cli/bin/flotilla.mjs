#!/usr/bin/env node
// Launcher for `pnpm --silent flotilla <cmd>`. `build` is on the hot path of GitOps tooling (and of our
// kustomize benchmark), so it runs from an esbuild bundle cached under node_modules/.cache and rebuilt
// whenever a source file changes; every other command runs the TypeScript sources through tsx.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = path.resolve(cliDir, '../..');
const sourceDirs = [path.join(cliDir, 'src'), path.join(repoDir, 'packages/reconcile-core/src')];

function sourceStamp() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name.endsWith('.ts') && !ent.name.endsWith('.test.ts')) {
        const st = fs.statSync(p);
        h.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  for (const d of sourceDirs) walk(d);
  // The launcher's own bundling options are part of the key.
  const self = fs.statSync(fileURLToPath(import.meta.url));
  h.update(`launcher\0${self.size}\0${self.mtimeMs}`);
  return h.digest('hex').slice(0, 16);
}

async function buildBundle() {
  const cacheDir = path.join(repoDir, 'node_modules/.cache/flotilla-cli');
  const out = path.join(cacheDir, `build-${sourceStamp()}.mjs`);
  if (fs.existsSync(out)) return out;
  const esbuild = await import('esbuild');
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [path.join(cliDir, 'src/build-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: tmp,
    logLevel: 'silent',
    // yaml ships CommonJS; give the ESM bundle a require for Node built-ins.
    banner: { js: "import { createRequire as __flotillaRequire } from 'node:module'; const require = __flotillaRequire(import.meta.url);" },
  });
  fs.renameSync(tmp, out);
  for (const old of fs.readdirSync(cacheDir)) {
    if (old.startsWith('build-') && old.endsWith('.mjs') && path.join(cacheDir, old) !== out) fs.rmSync(path.join(cacheDir, old), { force: true });
  }
  return out;
}

const args = process.argv.slice(2);
if (args[0] === 'build' && process.env.FLOTILLA_NO_BUNDLE !== '1') {
  let bundle;
  try {
    bundle = await buildBundle();
  } catch {
    bundle = undefined; // fall back to tsx below
  }
  if (bundle) {
    const { runBuild } = await import(pathToFileURL(bundle).href);
    process.exitCode = await runBuild(args.slice(1));
  } else await runWithTsx();
} else await runWithTsx();

async function runWithTsx() {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(cliDir, 'src/main.ts')).href);
}
