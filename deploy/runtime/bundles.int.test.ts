import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import {
  ManagedProcess,
  freePort,
  makeTempDir,
  removeDir,
  repoRoot,
  startPostgres,
  startS3Server,
  waitFor,
  type TestPostgres,
} from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// Only node's own directory on PATH: no pnpm, no tsx, nothing from node_modules/.bin.
const plainEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: path.dirname(process.execPath),
  HOME: process.env.HOME,
  ...extra,
});

// The production runtime: `pnpm build`'s bundles started with plain node, as the images and `pnpm start` do.
describe('bundles run with plain node', () => {
  let dir: string;
  let pg: TestPostgres;
  beforeAll(async () => {
    dir = await makeTempDir('bundles');
    pg = await startPostgres();
    await run(process.execPath, ['scripts/build-bundles.mjs', '--if-stale', 'hub', 'agent', 'cli'], {
      cwd: repoRoot,
      timeout: 300_000,
    });
  });
  afterAll(async () => {
    await pg?.stop();
    await removeDir(dir);
  });

  it('the flotilla bin builds a kustomization, and fails with the code and message of a missing one', async () => {
    const app = path.join(dir, 'app');
    await mkdir(app);
    await writeFile(
      path.join(app, 'kustomization.yaml'),
      'namespace: web\nresources: [cm.yaml]\ncommonLabels: {tier: front}\n',
    );
    await writeFile(
      path.join(app, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: "1"}\n',
    );
    const bin = path.join(repoRoot, 'apps/cli/bin/flotilla.mjs');
    const { stdout } = await run(process.execPath, [bin, 'build', app], { env: plainEnv(), cwd: dir });
    expect(stdout).toBe(
      'apiVersion: v1\ndata:\n  a: "1"\nkind: ConfigMap\nmetadata:\n  labels:\n    tier: front\n  name: settings\n  namespace: web\n',
    );
    await expect(
      run(process.execPath, [bin, 'build', path.join(dir, 'nope')], { env: plainEnv(), cwd: dir }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('KUSTOMIZATION_NOT_FOUND'),
    });
  });

  it('the flotilla bin (the package’s bin) starts build <dir> from the start-up snapshot made by the node on PATH, with flotilla.mjs’s output and errors; other words and another node run flotilla.mjs', async () => {
    const app = path.join(dir, 'snapshot-app');
    await mkdir(app);
    await writeFile(path.join(app, 'kustomization.yaml'), 'namespace: web\nresources: [cm.yaml]\ncommonLabels: {tier: front}\n');
    await writeFile(path.join(app, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: "1"}\n');
    const sh = path.join(repoRoot, 'apps/cli/bin/flotilla');
    const mjs = path.join(repoRoot, 'apps/cli/bin/flotilla.mjs');
    // `sh -x` prints the command the bin ends in, which says whether node started from the snapshot.
    const viaBin = (args: string[], env = plainEnv()) => run('sh', ['-x', sh, ...args], { env, cwd: dir });
    const started = (stderr: string): string => stderr.split('\n').filter((l) => l.startsWith('+ exec ')).join('\n');

    const fromSnapshot = await viaBin(['build', app]);
    expect(started(fromSnapshot.stderr)).toContain('--snapshot-blob');
    expect(fromSnapshot.stdout).toBe((await run(process.execPath, [mjs, 'build', app], { env: plainEnv(), cwd: dir })).stdout);
    expect(fromSnapshot.stdout).toContain('  namespace: web\n');
    const missing = await viaBin(['build', path.join(dir, 'nope')]).catch((err: { code: number; stderr: string }) => err);
    expect(missing).toMatchObject({ code: 1 });
    expect(started((missing as { stderr: string }).stderr)).toContain('--snapshot-blob');
    expect((missing as { stderr: string }).stderr).toContain(`Error: KUSTOMIZATION_NOT_FOUND: ${path.join(dir, 'nope')} is not a directory`);

    // `build help` is the program's, as in flotilla.mjs: no snapshot.
    const help = await viaBin(['build', '--help']);
    expect(started(help.stderr)).not.toContain('--snapshot-blob');
    expect(help.stdout).toBe((await run(process.execPath, [mjs, 'build', '--help'], { env: plainEnv(), cwd: dir })).stdout);

    // A node other than the one that made the snapshot (here a wrapper script first on PATH) cannot load it.
    const otherNode = path.join(dir, 'other-node');
    await mkdir(otherNode);
    await writeFile(path.join(otherNode, 'node'), `#!/bin/sh\nexec ${process.execPath} "$@"\n`, { mode: 0o755 });
    const other = await viaBin(['build', app], plainEnv({ PATH: `${otherNode}:${path.dirname(process.execPath)}` }));
    expect(started(other.stderr)).not.toContain('--snapshot-blob');
    expect(other.stdout).toBe(fromSnapshot.stdout);
  });

  it('the flotilla bin starts without the render pipeline: version and build of a directory load no chunk with CEL, SOPS or zod’s locales', async () => {
    // A module hook (run off the main thread) writes every file URL the process loads to a log.
    const log = path.join(dir, 'loaded.log');
    const hooks = path.join(dir, 'log-loads.mjs');
    await writeFile(hooks, `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) appendFileSync(process.env.LOAD_LOG, url + '\\n');\n  return next(url, context);\n}\n`);
    const register = path.join(dir, 'register.mjs');
    await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const app = path.join(dir, 'start-app');
    await mkdir(app);
    await writeFile(path.join(app, 'kustomization.yaml'), 'resources: [cm.yaml]\n');
    await writeFile(path.join(app, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    const bin = path.join(repoRoot, 'apps/cli/bin/flotilla.mjs');
    const heavy = /@bufbuild\+cel|age-encryption|zod\/v4\/locales/;
    for (const args of [['version', '--client'], ['build', app]]) {
      await writeFile(log, '');
      await run(process.execPath, ['--import', pathToFileURL(register).href, bin, ...args], { env: plainEnv({ LOAD_LOG: log }), cwd: dir });
      const chunks = (await readFile(log, 'utf8')).split('\n').filter((u) => u.includes('/apps/cli/dist/'));
      expect(chunks.length, args.join(' ')).toBeGreaterThan(1);
      for (const url of chunks) expect(heavy.test(await readFile(new URL(url), 'utf8')), `${args.join(' ')} loads ${url}`).toBe(false);
    }
  });

  it('the flotilla bin reads the agent manifest template from a chunk (bootstrap), and refuses a bad image with exit 2', async () => {
    const bin = path.join(repoRoot, 'apps/cli/bin/flotilla.mjs');
    const args = [bin, 'bootstrap', 'git', '--url', 'https://git.example.com/fleet.git', '--cluster-name', 'a', '--agent-image', 'Bad'];
    await expect(run(process.execPath, args, { env: plainEnv(), cwd: dir })).rejects.toMatchObject({
      code: 2,
      stderr: '✗ --agent-image: image "Bad:0.1.0" is not a valid image reference\n',
    });
  });

  it('the agent bundle parses its arguments and says what is wrong', async () => {
    const help = await run(process.execPath, ['apps/spoke-agent/dist/main.mjs', '--help'], {
      env: plainEnv(),
      cwd: repoRoot,
    });
    expect(help.stdout).toContain('--hub URL');
    await expect(
      run(process.execPath, ['apps/spoke-agent/dist/main.mjs', '--hub', 'ftp://x'], {
        env: plainEnv(),
        cwd: repoRoot,
      }),
    ).rejects.toMatchObject({
      code: 64,
      stderr: expect.stringContaining('--hub must be an http(s) URL'),
    });
  });

  it('the agent bundle loads at start neither client-node’s generated APIs, Node’s fetch, nor isomorphic-git, undici, CEL or age: those are chunks read at first use', async () => {
    const chunks = path.join(repoRoot, 'apps/spoke-agent/dist/chunks');
    const main = await readFile(path.join(repoRoot, 'apps/spoke-agent/dist/main.mjs'), 'utf8');
    const chunkTexts = await Promise.all((await readdir(chunks)).filter((f) => f.endsWith('.mjs')).map((f) => readFile(path.join(chunks, f), 'utf8')));
    // A text each library holds: age's header, undici's error codes, CEL's environment, isomorphic-git's git.fetch options.
    for (const text of ['age-encryption.org/v1', 'UND_ERR_CONNECT_TIMEOUT', 'celEnv', 'onAuthSuccess']) {
      expect(main, text).not.toContain(text);
      expect(chunkTexts.some((c) => c.includes(text)), text).toBe(true);
    }
    // KubeConfig stays, without makeApiClient's generated clients.
    expect(main).toContain('loadFromCluster');
    expect([main, ...chunkTexts].some((c) => c.includes('CoreV1Api'))).toBe(false);
    // The image's launch settings (the node options of deploy/Dockerfile.agent's ENTRYPOINT) start it.
    const dockerfile = await readFile(path.join(repoRoot, 'deploy/Dockerfile.agent'), 'utf8');
    const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(entrypoint.at(-1)).toBe('dist/main.mjs');
    const nodeOptions = entrypoint.slice(1, -1);
    expect(nodeOptions).toContain('--max-semi-space-size=1');
    const help = await run(process.execPath, [...nodeOptions, 'apps/spoke-agent/dist/main.mjs', '--help'], { env: plainEnv(), cwd: repoRoot });
    expect(help.stdout).toContain('--hub URL');
    // Nor Node's fetch (its undici, about 8 MiB once loaded): the stand-in for client-node's Headers reads
    // globalThis.Headers only when one is made.
    const preload = path.join(dir, 'module-list.cjs');
    await writeFile(preload, "process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList)));\n");
    const loaded = await run(process.execPath, ['-r', preload, 'apps/spoke-agent/dist/main.mjs', '--help'], { env: plainEnv(), cwd: repoRoot });
    const modules = JSON.parse(loaded.stderr) as string[];
    expect(modules).toContain('NativeModule https');
    expect(modules.filter((m) => m.includes('undici'))).toEqual([]);
  });

  it('the agent bundle loads KubeConfig’s OIDC, Azure and GCP providers on first use, leaves out js-yaml, socks and zod’s locales, and OIDC and exec users still authenticate', async () => {
    const main = await readFile(path.join(repoRoot, 'apps/spoke-agent/dist/main.mjs'), 'utf8');
    // A text each holds: oauth4webapi (openid-client), jsonpath-plus (Azure and GCP), socks, js-yaml, zod's German locale.
    for (const text of ['oauth4webapi', 'JSONPath', 'SocksClient', 'YAMLException', 'ltige Eingabe']) expect(main, text).not.toContain(text);
    // KubeConfig as the agent's bundle holds it (the same stubs), in a module that reads a kubeconfig and prints
    // the request headers its user gives.
    const { bundleModule } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/build-bundles.mjs')).href)) as {
      bundleModule: (name: string, o: { contents: string; resolveDir: string; outdir: string }) => Promise<string>;
    };
    const outdir = path.join(dir, 'kubeconfig-module');
    const entry = await bundleModule('agent', {
      contents: [
        "import { KubeConfig } from '@kubernetes/client-node/dist/config.js';",
        'const kc = new KubeConfig();',
        "kc.loadFromString(process.env.KUBECONFIG_TEXT ?? '');",
        'const opts: { headers?: Record<string, unknown> } = {};',
        'await kc.applyToHTTPSOptions(opts);',
        'console.log(JSON.stringify(opts.headers ?? {}));',
      ].join('\n'),
      resolveDir: path.join(repoRoot, 'apps/spoke-agent/src'),
      outdir,
    });
    expect(await readFile(entry, 'utf8')).not.toContain('oauth4webapi');
    const chunkTexts = await Promise.all((await readdir(path.join(outdir, 'chunks'))).filter((f) => f.endsWith('.mjs')).map((f) => readFile(path.join(outdir, 'chunks', f), 'utf8')));
    expect(chunkTexts.some((c) => c.includes('oauth4webapi'))).toBe(true);
    const kubeconfig = (user: Record<string, unknown>) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
        users: [{ name: 'u', user }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      });
    const headers = async (user: Record<string, unknown>) => {
      const { stdout } = await run(process.execPath, [entry], { env: plainEnv({ KUBECONFIG_TEXT: kubeconfig(user) }), cwd: dir });
      return JSON.parse(stdout) as Record<string, unknown>;
    };
    // An unexpired id-token is sent as it is (client-node refreshes it from the issuer only once it expired).
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const idToken = `${b64({ alg: 'none' })}.${b64({ sub: 'dev', exp: 4102444800 })}.sig`;
    expect(await headers({ 'auth-provider': { name: 'oidc', config: { 'client-id': 'flotilla', 'idp-issuer-url': 'https://issuer.invalid', 'id-token': idToken } } })).toEqual({ Authorization: `Bearer ${idToken}` });
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'exec-token' } });
    expect(await headers({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', `console.log(${JSON.stringify(credential)})`], interactiveMode: 'Never' } })).toEqual({ Authorization: 'Bearer exec-token' });
    expect(await headers({ token: 'static-token' })).toEqual({ Authorization: 'Bearer static-token' });
  });

  it('the agent bundle gets node:tls through require(), never an ES import (which reads the whole CA store at start), and its named imports still work', async () => {
    const dist = path.join(repoRoot, 'apps/spoke-agent/dist');
    const files = [path.join(dist, 'main.mjs'), ...(await readdir(path.join(dist, 'chunks'))).filter((f) => f.endsWith('.mjs')).map((f) => path.join(dist, 'chunks', f))];
    const esImport = /(?:from|import)\s*"(?:node:)?tls"/;
    for (const file of files) expect(await readFile(file, 'utf8'), file).not.toMatch(esImport);
    expect((await Promise.all(files.map((f) => readFile(f, 'utf8')))).some((t) => t.includes('__require("node:tls")'))).toBe(true);
    const { bundleModule } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/build-bundles.mjs')).href)) as {
      bundleModule: (name: string, o: { contents: string; resolveDir: string; outdir: string }) => Promise<string>;
    };
    const entry = await bundleModule('agent', {
      contents: [
        "import tls, { rootCertificates, connect } from 'node:tls';",
        'console.log(JSON.stringify([rootCertificates.length === tls.rootCertificates.length && rootCertificates.length > 0, typeof connect]));',
      ].join('\n'),
      resolveDir: path.join(repoRoot, 'apps/spoke-agent/src'),
      outdir: path.join(dir, 'tls-module'),
    });
    expect(await readFile(entry, 'utf8')).not.toMatch(esImport);
    const { stdout } = await run(process.execPath, [entry], { env: plainEnv(), cwd: dir });
    expect(JSON.parse(stdout)).toEqual([true, 'function']);
  });

  it('the agent bundle keeps the S3 client in a chunk it loads only for Buckets, and that chunk talks to a real S3 server with plain node', async () => {
    const chunks = path.join(repoRoot, 'apps/spoke-agent/dist/chunks');
    const s3Chunk = (await readdir(chunks)).find((f) => f.startsWith('s3-bucket-client-') && f.endsWith('.mjs'));
    expect(s3Chunk).toBeDefined();
    // The SDK's own text is in that chunk, not in what the agent loads at start.
    const sdkText = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
    expect(await readFile(path.join(chunks, s3Chunk!), 'utf8')).toContain(sdkText);
    expect(await readFile(path.join(repoRoot, 'apps/spoke-agent/dist/main.mjs'), 'utf8')).not.toContain(sdkText);
    const s3 = await startS3Server();
    try {
      await s3.createBucket('bundled');
      await writeFile(path.join(s3.root, 'bundled', 'cm.yaml'), 'a: 1\n');
      const script = [
        `const { openS3Bucket } = await import(${JSON.stringify(path.join(chunks, s3Chunk!))});`,
        `const c = openS3Bucket({ endpoint: ${JSON.stringify(s3.endpoint.replace('http://', ''))}, insecure: true, bucketName: 'bundled', keys: { accessKey: process.env.AK, secretKey: process.env.SK } });`,
        'const keys = [];',
        'for await (const o of c.listObjects(undefined, AbortSignal.timeout(10000))) keys.push(o.key);',
        'console.log(JSON.stringify({ exists: await c.bucketExists(AbortSignal.timeout(10000)), keys }));',
        'c.close();',
      ].join('\n');
      const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], { env: plainEnv({ AK: s3.accessKeyId, SK: s3.secretAccessKey }), cwd: dir });
      expect(JSON.parse(stdout)).toEqual({ exists: true, keys: ['cm.yaml'] });
      expect(stderr).toBe('');
    } finally {
      await s3.stop();
    }
  });

  it('the hub bundle loads at start neither CEL, isomorphic-git, ajv, undici nor the S3 client: those are chunks read at first use', async () => {
    const dist = path.join(repoRoot, 'apps/hub-api/dist');
    // What the entry imports statically, chunk by chunk (an `import()` is not followed).
    const atStart = new Map<string, string>();
    const visit = async (file: string): Promise<void> => {
      if (atStart.has(file)) return;
      const text = await readFile(file, 'utf8');
      atStart.set(file, text);
      for (const m of text.matchAll(/(?:from|import)\s*"(\.\/[^"]+\.mjs)"/g)) await visit(path.resolve(path.dirname(file), m[1]!));
    };
    await visit(path.join(dist, 'main.mjs'));
    const chunks = path.join(dist, 'chunks');
    const all = await Promise.all((await readdir(chunks)).filter((f) => f.endsWith('.mjs')).map((f) => readFile(path.join(chunks, f), 'utf8')));
    // A text each library holds: CEL's environment, isomorphic-git's git.fetch options, an ajv error message,
    // undici's error codes, the S3 SDK's version warning.
    for (const text of ['celEnv', 'onAuthSuccess', 'must NOT have additional properties', 'UND_ERR_CONNECT_TIMEOUT', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED']) {
      expect([...atStart.values()].some((c) => c.includes(text)), text).toBe(false);
      expect(all.some((c) => c.includes(text)), text).toBe(true);
    }
    // Prisma's smaller query compiler (schema.prisma's compilerBuild).
    expect(atStart.get(path.join(dist, 'main.mjs'))).toContain('query_compiler_small_bg.postgresql');
  });

  it('the hub bundle reads Prisma’s query compiler from the .wasm file beside it, never from the base64 module; a bundle without that file fails to start and names it', async () => {
    const dist = path.join(repoRoot, 'apps/hub-api/dist');
    const wasmName = 'query_compiler_small_bg.postgresql.wasm';
    // WebAssembly's magic number (prisma-compiler-file.test.ts compiles the file the build writes).
    expect((await readFile(path.join(dist, wasmName))).subarray(0, 4).toString('latin1')).toBe('\0asm');
    const modules = [path.join(dist, 'main.mjs'), ...(await readdir(path.join(dist, 'chunks'))).filter((f) => f.endsWith('.mjs')).map((f) => path.join(dist, 'chunks', f))];
    for (const file of modules) expect(await readFile(file, 'utf8'), file).not.toContain('wasm-base64');
    // A copy beside dist (the bundle finds the migrations relative to itself; .gitignore covers the name).
    const copy = path.join(repoRoot, 'apps/hub-api', `dist.no-wasm-${process.pid}.tmp`);
    await cp(dist, copy, { recursive: true });
    await rm(path.join(copy, wasmName));
    try {
      const started = run(process.execPath, [path.join(copy, 'main.mjs')], {
        cwd: repoRoot,
        timeout: 120_000,
        env: plainEnv({
          FLOTILLA_PORT: String(await freePort()),
          FLOTILLA_DATABASE_URL: await pg.createDatabase({ migrate: false }),
          FLOTILLA_DATA_DIR: path.join(dir, 'no-wasm-data'),
          FLOTILLA_ADMIN_PASSWORD: 'bundle-admin-pw',
          FLOTILLA_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
          FLOTILLA_SKIP_WEB_BUILD: '1',
        }),
      });
      const failure = (await started.then(() => undefined, (err: unknown) => err)) as { code?: number; stderr?: string } | undefined;
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain("Prisma's query compiler is missing beside the hub bundle");
      expect(failure?.stderr).toContain(path.join(copy, wasmName));
      expect(failure?.stderr).toContain('rebuild it with node scripts/build-bundles.mjs hub');
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('the hub bundle, started as the hub image and `pnpm start` start it, migrates an empty database, serves GraphQL with the agent manifests, and stops on SIGTERM', async () => {
    // The image's launch settings: CMD's node options and the malloc arenas of its ENV; `pnpm start` sets the same.
    const dockerfile = await readFile(path.join(repoRoot, 'deploy/Dockerfile.hub'), 'utf8');
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd.at(-1)).toBe('dist/main.mjs');
    const nodeOptions = cmd.slice(1, -1);
    expect(nodeOptions).toContain('--max-semi-space-size=2');
    expect(nodeOptions).toContain('--heap-growing-percent=100');
    const arenas = /MALLOC_ARENA_MAX=(\d+)/.exec(dockerfile)?.[1];
    expect(arenas).toBe('2');
    const start = (JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
    expect(start).toContain(`MALLOC_ARENA_MAX=${arenas} exec node ${nodeOptions.join(' ')} apps/hub-api/dist/main.mjs`);
    const databaseUrl = await pg.createDatabase({ migrate: false });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logPath = path.join(dir, 'hub.log');
    const hub = ManagedProcess.start({
      name: 'hub',
      command: process.execPath,
      args: [...nodeOptions, 'apps/hub-api/dist/main.mjs'],
      cwd: repoRoot,
      logPath,
      env: plainEnv({
        MALLOC_ARENA_MAX: arenas,
        FLOTILLA_PORT: String(port),
        FLOTILLA_DATABASE_URL: databaseUrl,
        FLOTILLA_DATA_DIR: path.join(dir, 'data'),
        FLOTILLA_ADMIN_PASSWORD: 'bundle-admin-pw',
        FLOTILLA_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
        FLOTILLA_SKIP_WEB_BUILD: '1',
      }),
    });
    try {
      await waitFor(
        async () => ((await fetch(`${url}/readyz`).catch(() => undefined))?.ok ? true : undefined),
        { timeoutMs: 90_000, intervalMs: 250, watch: [hub], what: 'hub /readyz' },
      );
      expect(await readFile(logPath, 'utf8')).toMatch(/"msg":"migrations applied"/);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'bundle-admin-pw' }),
      });
      expect(login.status).toBe(200);
      const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
      const csrf = cookies.find((c) => c.startsWith('flotilla_csrf='))?.split('=')[1] ?? '';
      const gql = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
        body: JSON.stringify({
          query:
            'mutation { createRegistrationToken(input: { clusterName: "bundled" }) { agentManifests cluster { name } } }',
        }),
      });
      const body = (await gql.json()) as {
        data?: { createRegistrationToken: { agentManifests: string; cluster: { name: string } } };
        errors?: unknown;
      };
      expect(body.errors).toBeUndefined();
      expect(body.data?.createRegistrationToken.cluster.name).toBe('bundled');
      // The template file is read where the repository keeps it, from the bundle as from the sources.
      expect(body.data?.createRegistrationToken.agentManifests).toContain(`args: ["--hub", "${url}"]`);
    } finally {
      await hub.stop(15_000);
    }
    expect(hub.exitStatus).toEqual({ code: 0, signal: null });
    expect(await readFile(logPath, 'utf8')).toContain('Flotilla hub stopped');
  });
});
