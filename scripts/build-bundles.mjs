// `pnpm build`: compiles the hub, the agent and the CLI into bundles that run with plain `node` (no tsx, no
// pnpm at run time), and builds the web UI the hub serves.
//
//   node scripts/build-bundles.mjs [--if-stale] [--quiet] [--metafile] [hub|agent|cli|web ...]    (no names: all four)
//
// Workspace packages export TypeScript and are compiled into the bundle, and so are the npm packages they
// import: a bundle loads one file instead of hundreds of modules (the Kubernetes client's own entry loads every
// generated API; bundled, only what the agent uses), and the agent's image needs no node_modules. What cannot be
// inlined stays external and must resolve from the app's own node_modules at run time: Prisma's client, which
// loads its query compiler from its package, and the embedded PostgreSQL builds, imported by platform name at
// run time (listed as the hub's optional dependencies). `optional` packages are ones the bundled code loads only
// if they are installed (NestJS' microservices and validation, Apollo's federation, ws' and pg's native helpers).
//
// The hub uses NestJS, whose dependency injection and GraphQL schema read the types TypeScript records with
// emitDecoratorMetadata; esbuild does not emit that metadata, so the hub's TypeScript goes through SWC first
// (esbuild then only bundles). The agent and the CLI have no decorators and use esbuild alone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCliSnapshot } from './build-cli-snapshot.mjs';
import { prismaCompilerFromFile } from './prisma-compiler-file.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const wsNativeHelpers = ['bufferutil', 'utf-8-validate'];

/**
 * The agent reads kubeconfigs with client-node's KubeConfig and talks to the API server with its own client
 * (apps/spoke-agent/src/k8s/kube-client.ts), so what KubeConfig imports only for `makeApiClient` (the generated
 * APIs and models, 1.3 MiB of code and about 7 MiB of memory once evaluated) and for `applyToFetchOptions`
 * (node-fetch's Headers and its URL and Unicode tables) is replaced in the agent's bundle: `makeApiClient`
 * throws, and Headers is Node's own, read when one is made (reading `globalThis.Headers` loads Node's fetch,
 * about 8 MiB, which the agent needs only to download the hub's artifacts).
 *
 * What KubeConfig needs only for some kubeconfigs is a chunk loaded when one asks for it: the OIDC, Azure and
 * GCP auth providers (openid-client, oauth4webapi, jsonpath-plus) are wrappers that answer `isAuthProvider`
 * as the provider does and import it on the first `applyAuthentication`, so `flotilla agent --kubeconfig`
 * with such a user still works; exec and token-file users stay as they are. The kubeconfig is parsed with the
 * `yaml` package the agent already holds instead of js-yaml (both read YAML 1.2; a kubeconfig is plain maps,
 * lists and strings). The proxy agents (socks, hpagent) are plain Node agents: the agent's kube client takes
 * only the TLS fields from `applyToHTTPSOptions` and builds its own agent, so KubeConfig's agent is dropped
 * either way.
 */
const lazyAuth = (cls, file, name) =>
  `export class ${cls} { isAuthProvider(user) { return user?.authProvider?.name === '${name}'; }` +
  ` async applyAuthentication(...args) { this.real ??= new (await import('./${file}')).${cls}();` +
  ' return this.real.applyAuthentication(...args); } }';
const clientNodeConfigOnly = {
  importer: /@kubernetes\/client-node\/dist\/config\.js$/,
  modules: {
    './gen/index.js':
      "const absent = () => { throw new Error('KubeConfig.makeApiClient is not in this bundle: use the agent kube client'); };" +
      ' export const createConfiguration = absent; export class ServerConfiguration { constructor() { absent(); } }',
    'node-fetch': 'export class Headers { constructor(init) { return new globalThis.Headers(init); } }',
    './oidc_auth.js': lazyAuth('OpenIDConnectAuth', 'oidc_auth.js', 'oidc'),
    './azure_auth.js': lazyAuth('AzureAuth', 'azure_auth.js', 'azure'),
    './gcp_auth.js': lazyAuth('GoogleCloudPlatformAuth', 'gcp_auth.js', 'gcp'),
    'js-yaml': {
      contents: "import { parse } from 'yaml'; export default { load: (text) => parse(text) };",
      // Resolved as the agent's own code resolves it, so the bundle holds one copy.
      resolveDir: path.join(repo, 'packages/reconcile-core/src'),
    },
    'socks-proxy-agent': "import http from 'node:http'; export class SocksProxyAgent extends http.Agent {}",
    hpagent:
      "import http from 'node:http'; import https from 'node:https';" +
      ' export class HttpProxyAgent extends http.Agent {} export class HttpsProxyAgent extends https.Agent {}',
  },
};

/**
 * Each bundle: entry points, whether its TypeScript needs decorator metadata, and its external packages.
 *
 * `requireBuiltins`: Node built-ins that the bundle's ES modules get through require() instead of an ES import.
 * Node builds a built-in's ES module by reading every export once, getters included: for `node:tls` that is
 * `rootCertificates`, the bundled CA store as about 150 PEM strings (0.7 MiB of RSS for the process's life),
 * read even where only a custom CA is added to it. Through require() the named imports become property reads at
 * their use, so the store is read only when a source with a custom CA first connects.
 */
export const targets = {
  // The hub is split and its text minified because a process keeps the text of every module it loaded for its
  // whole life: what the hub imports with `import()` (the S3 client, what a first request needs) is a chunk
  // read when first used, and the rest costs one byte a character (see `asciiOnly`).
  hub: {
    app: 'apps/hub-api',
    entries: { main: 'src/main.ts' },
    decorators: true,
    splitting: true,
    compact: true,
    external: ['@prisma/client'],
    // Prisma's query compiler is read from a .wasm file in dist, not kept in the heap as base64 text.
    prismaCompilerFile: true,
    optional: [
      '@apollo/gateway',
      '@apollo/subgraph',
      '@as-integrations/fastify',
      '@nestjs/microservices',
      '@nestjs/websockets',
      'class-transformer',
      'class-validator',
      'ts-morph',
      'pg-native',
      ...wsNativeHelpers,
    ],
  },
  // The agent is split so that what it imports with `import()` (the S3 client, for Buckets only) is a chunk
  // read when a cluster first needs it.
  agent: {
    app: 'apps/spoke-agent',
    entries: { main: 'src/main.ts' },
    decorators: false,
    splitting: true,
    external: [],
    optional: wsNativeHelpers,
    compact: true,
    stubs: [clientNodeConfigOnly],
    requireBuiltins: ['tls'],
  },
  // The CLI is split: `flotilla build` loads the dispatcher and the build chunk only, never the agent. The test
  // environment's browser driver and OpenID provider stay external.
  cli: {
    app: 'apps/cli',
    entries: { flotilla: 'src/main.ts' },
    decorators: false,
    splitting: true,
    external: ['playwright-core', 'oidc-provider'],
    optional: ['pg-native', ...wsNativeHelpers],
  },
};

const stampName = 'bundle-inputs.json';
// The rewrite of Prisma's loader is part of how a target's bundle is built, so it is one of its inputs.
const prismaCompilerScript = 'scripts/prisma-compiler-file.mjs';

/**
 * A bundle is stale when a file it was built from changed since. The inputs come from esbuild's metafile,
 * so checking costs one stat per file and no directory walk; a new file only matters once an existing one
 * imports it, and that one's time changes. Inputs that are absent (an install without sources) are ignored.
 */
export function isStale(name) {
  const dist = path.join(repo, targets[name].app, 'dist');
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dist, stampName), 'utf8'));
  } catch {
    return true;
  }
  // A bundle built before the target read Prisma's compiler from a file has no .wasm beside it.
  if (targets[name].prismaCompilerFile && !stamp.inputs.includes(prismaCompilerScript)) return true;
  for (const input of stamp.inputs) {
    let st;
    try {
      st = fs.statSync(path.join(repo, input));
    } catch {
      continue;
    }
    if (st.mtimeMs > stamp.builtAt) return true;
  }
  return false;
}

function appRequire(app) {
  return createRequire(path.join(repo, app, 'package.json'));
}

/**
 * A bundled module sees `import.meta.url` as its source file's location, as it did unbundled: files read
 * relative to their module (the SQL migrations, the agent manifest template, the web UI build, the repository
 * root for the default data directory) are found where the repository keeps them, and the images keep that
 * layout.
 */
function sourceLocation(file, outdir) {
  const rel = path.relative(outdir, file).split(path.sep).join('/');
  // A split bundle (the CLI's) puts shared modules in dist/chunks/, one level below the entry: resolve from dist.
  return `new URL(${JSON.stringify(rel)}, new URL(/\\/chunks\\/[^/]+$/.test(import.meta.url) ? '../' : './', import.meta.url)).href`;
}

function flotillaPlugin({ outdir, decorators, externals, target, prismaFile }) {
  const swc = decorators ? appRequire('apps/hub-api')('@swc/core') : undefined;
  return {
    name: 'flotilla',
    setup(build) {
      // Modules replaced for one importer (see clientNodeConfigOnly).
      for (const [i, stub] of (target.stubs ?? []).entries()) {
        build.onResolve({ filter: /.*/ }, (args) =>
          stub.importer.test(args.importer) && args.path in stub.modules
            ? { path: args.path, namespace: `flotilla-stub-${i}`, pluginData: { importer: args.importer } }
            : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: `flotilla-stub-${i}` }, (args) => {
          const mod = stub.modules[args.path];
          // Relative imports in a stub (the lazily loaded modules) resolve from the importer's folder.
          const { contents, resolveDir = path.dirname(args.pluginData.importer) } =
            typeof mod === 'string' ? { contents: mod } : mod;
          return { contents, resolveDir, loader: 'js' };
        });
      }
      // Built-ins that bundled ES modules import through require() (see `requireBuiltins`).
      if (target.requireBuiltins?.length) {
        const viaRequire = new RegExp(`^(node:)?(${target.requireBuiltins.join('|')})$`);
        build.onResolve({ filter: viaRequire }, (args) =>
          args.namespace === 'flotilla-require-builtin' || (args.kind !== 'import-statement' && args.kind !== 'dynamic-import')
            ? { path: args.path, external: true }
            : { path: `node:${args.path.replace(/^node:/, '')}`, namespace: 'flotilla-require-builtin' },
        );
        build.onLoad({ filter: /.*/, namespace: 'flotilla-require-builtin' }, (args) => ({
          contents: `module.exports = require(${JSON.stringify(args.path)});`,
          loader: 'js',
        }));
      }
      // Bare imports: Node built-ins and the target's external packages stay imports; the rest is inlined.
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.path.startsWith('@flotilla/')) return undefined;
        const pkg = args.path.startsWith('@')
          ? args.path.split('/').slice(0, 2).join('/')
          : args.path.split('/')[0];
        if (target.optional.includes(pkg)) return { path: args.path, external: true };
        if (!target.external.includes(pkg)) return undefined;
        externals.add(pkg);
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
        let source = await fs.promises.readFile(args.path, 'utf8');
        source = source.replaceAll('import.meta.url', sourceLocation(args.path, outdir));
        if (prismaFile) source = prismaFile.rewrite(source, args.path);
        if (!swc) return { contents: source, loader: 'ts' };
        const out = await swc.transform(source, {
          filename: args.path,
          sourceMaps: 'inline',
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
            target: 'es2022',
            keepClassNames: true,
          },
          module: { type: 'es6' },
        });
        return { contents: out.code, loader: 'js' };
      });
    },
  };
}

/**
 * V8 stores a script's text with two bytes a character as soon as one character is outside Latin-1, which
 * doubles the memory the hub's bundle text takes. esbuild escapes non-ASCII characters in strings and names
 * but leaves them in regular expression literals (a few bundled packages have them), so those are written as
 * `\\uXXXX` escapes, which mean the same character in a regular expression with or without the `u` flag.
 */
function asciiOnly(metafile) {
  for (const file of Object.keys(metafile.outputs)) {
    if (!file.endsWith('.mjs')) continue;
    const full = path.join(repo, file);
    const text = fs.readFileSync(full, 'utf8');
    if (!/[^\0-\x7f]/.test(text)) continue;
    fs.writeFileSync(
      full,
      text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
  }
}

/** The rewrite of Prisma's query compiler loader for a target that reads it from a file (see prisma-compiler-file.mjs). */
function prismaFileFor(target, outdir) {
  return target.prismaCompilerFile
    ? prismaCompilerFromFile({ locate: (name) => sourceLocation(path.join(outdir, name), outdir) })
    : undefined;
}

/** esbuild's options for one target, entry points aside. */
function buildOptions(target, outdir, externals, prismaFile) {
  return {
    absWorkingDir: repo,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: target.splitting === true,
    // Without whitespace and comments; stack traces then point into long lines: `node --enable-source-maps`
    // maps them back to the sources through the linked maps.
    minifyWhitespace: target.compact === true,
    // Licence comments go to a file beside the bundle (main.mjs.LEGAL.txt), out of the text the process holds.
    legalComments: target.compact === true ? 'linked' : 'eof',
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // NestJS and GraphQL code-first name providers and types after classes.
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [flotillaPlugin({ outdir, decorators: target.decorators, externals, target, prismaFile })],
    // Some bundled npm code is CommonJS that calls require() for Node built-ins.
    banner: {
      js: "import { createRequire as __flotillaRequire } from 'node:module'; const require = __flotillaRequire(import.meta.url);",
    },
  };
}

async function bundle(name, { quiet = false, metafile = false } = {}) {
  const target = targets[name];
  const esbuild = await import(pathToFileURL(appRequire('apps/cli').resolve('esbuild')).href);
  const appDir = path.join(repo, target.app);
  // Built beside dist and swapped in at the end, so a process starting meanwhile never sees half a bundle.
  // The directory has dist's depth, so the source locations computed below hold after the rename.
  const finalDir = path.join(appDir, 'dist');
  const outdir = path.join(appDir, `dist.${process.pid}.tmp`);
  const externals = new Set();
  const started = Date.now();
  fs.rmSync(outdir, { recursive: true, force: true });
  const prismaFile = prismaFileFor(target, outdir);
  const result = await esbuild.build({
    ...buildOptions(target, outdir, externals, prismaFile),
    entryPoints: Object.fromEntries(
      Object.entries(target.entries).map(([out, src]) => [out, path.join(appDir, src)]),
    ),
  });
  await prismaFile?.write(outdir, (specifier) => appRequire(target.app).resolve(specifier));
  if (target.compact === true) asciiOnly(result.metafile);
  if (name === 'cli') await buildCliSnapshot({ esbuild, repo, outdir, quiet });
  const resolveFromDist = createRequire(path.join(outdir, 'package.json'));
  const missing = [...externals].filter((pkg) => {
    try {
      resolveFromDist.resolve(`${pkg}/package.json`);
      return false;
    } catch {
      // Packages without an exported package.json: look for their folder.
      return !resolveFromDist.resolve.paths(pkg)?.some((dir) => fs.existsSync(path.join(dir, pkg)));
    }
  });
  if (missing.length) {
    fs.rmSync(outdir, { recursive: true, force: true });
    throw new Error(
      `${target.app} bundle imports packages that do not resolve from its folder: ${missing.sort().join(', ')}`,
    );
  }
  // npm packages are inlined too; the lockfile stands for them, so an install that changes one rebuilds.
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/')),
    'pnpm-lock.yaml',
    ...(name === 'cli' ? ['apps/cli/src/build-snapshot.ts', 'scripts/build-cli-snapshot.mjs'] : []),
    ...(target.prismaCompilerFile ? [prismaCompilerScript] : []),
  ];
  fs.writeFileSync(path.join(outdir, stampName), JSON.stringify({ builtAt: started, inputs }));
  // `--metafile`: esbuild's account of every input and output, to see what each chunk holds and what the entry
  // imports at start (https://esbuild.github.io/analyze/ reads it).
  if (metafile) fs.writeFileSync(path.join(outdir, 'metafile.json'), JSON.stringify(result.metafile));
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .reduce((n, [, o]) => n + o.bytes, 0);
  // Two renames, so dist is missing only between them; a build that ran at the same time (two `pnpm start`s)
  // may have put its bundle of the same inputs in place meanwhile, and then that one stays.
  const previous = `${finalDir}.${process.pid}.old`;
  fs.rmSync(previous, { recursive: true, force: true });
  if (fs.existsSync(finalDir)) fs.renameSync(finalDir, previous);
  try {
    fs.renameSync(outdir, finalDir);
  } catch {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  fs.rmSync(previous, { recursive: true, force: true });
  if (!quiet)
    process.stderr.write(
      `built ${path.relative(repo, finalDir)} (${(bytes / 1024).toFixed(0)} KiB, ${Date.now() - started} ms)\n`,
    );
}

/**
 * Bundles one module given as text the way the named target bundles its entries (the same stubs, splitting and
 * externals) into `outdir`, and returns the path of its entry file: tests check what a bundle does with code its
 * entry holds but does not expose (KubeConfig's auth providers in the agent's bundle).
 */
export async function bundleModule(name, { contents, resolveDir, outdir }) {
  const esbuild = await import(pathToFileURL(appRequire('apps/cli').resolve('esbuild')).href);
  const prismaFile = prismaFileFor(targets[name], outdir);
  const result = await esbuild.build({
    ...buildOptions(targets[name], outdir, new Set(), prismaFile),
    stdin: { contents, resolveDir, sourcefile: 'module.ts', loader: 'ts' },
  });
  await prismaFile?.write(outdir, (specifier) => appRequire(targets[name].app).resolve(specifier));
  const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint !== undefined);
  return path.join(repo, entry[0]);
}

function buildWebUi() {
  const r = spawnSync('pnpm', ['--silent', '--filter', '@flotilla/web-ui', 'run', 'build'], {
    cwd: repo,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('web UI build failed');
}

export async function buildBundles(names, { ifStale = false, quiet = false, metafile = false } = {}) {
  for (const name of names) {
    if (name === 'web') {
      // The hub rebuilds a stale web UI itself at start (pnpm start); an explicit build always builds it.
      if (!ifStale) buildWebUi();
      continue;
    }
    if (!targets[name]) throw new Error(`unknown bundle "${name}" (hub, agent, cli, web)`);
    if (!ifStale || isStale(name)) await bundle(name, { quiet, metafile });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const ifStale = args.includes('--if-stale');
  const quiet = args.includes('--quiet');
  const metafile = args.includes('--metafile');
  const names = args.filter((a) => !a.startsWith('--'));
  buildBundles(names.length ? names : ['web', 'hub', 'agent', 'cli'], { ifStale, quiet, metafile }).catch((err) => {
    process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
