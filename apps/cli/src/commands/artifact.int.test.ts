import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fluxConfigMediaType, fluxContentMediaType, RegistrySession, fetchManifest } from '@flotilla/oci-client';
import { makeTempDir, makeTempTree, runFlux, startRegistry, type TestRegistry } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.js';
import { pullArtifactCommand } from './pull-artifact.js';
import { pushArtifactCommand } from './push-artifact.js';

// `flotilla push artifact` and `flotilla pull artifact` against a real registry (htpasswd), checked both ways
// with the real `flux` binary: flux pulls what we push, we pull what flux pushes.

let registry: TestRegistry;
let work: string;
const flux = (args: string[]) => runFlux(args, { kubeconfig: path.join(work, 'no-cluster-needed') });

function capture(): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  return { io: { stdout, stderr }, out: () => o, err: () => e };
}

async function read(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
      else out[r] = await fs.readFile(path.join(d, e.name), 'utf8');
    }
  };
  await walk(dir, '');
  return out;
}

const files = { 'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n', 'kustomization.yaml': 'resources:\n- apps/cm.yaml\n' };

beforeAll(async () => {
  [registry, work] = await Promise.all([startRegistry({ auth: 'basic' }), makeTempDir('artifact-cli')]);
}, 60_000);
afterAll(async () => {
  await registry?.stop();
  if (work) await fs.rm(work, { recursive: true, force: true });
});

describe('flotilla push/pull artifact (Flux media types and annotations)', () => {
  it('pushes what `flux pull artifact` reads, with Flux media types, the source/revision/created annotations and a deterministic layer', async () => {
    const src = await makeTempTree('artifact-src', files);
    const creds = `${registry.username}:${registry.password}`;
    const push = async (tag: string) => {
      const c = capture();
      const code = await pushArtifactCommand.run(['artifact', `oci://${registry.host}/apps/ours:${tag}`, '--path', src, '--source', 'https://github.com/example/apps', '--revision', 'main@sha1:0123456789abcdef0123456789abcdef01234567', '--creds', creds], c.io);
      expect(code, c.err()).toBe(0);
      return c.out();
    };
    expect(await push('v1')).toMatch(new RegExp(`^pushed ${registry.host}/apps/ours:v1@sha256:[0-9a-f]{64}\\n$`));
    await push('v2');
    const session = new RegistrySession(registry.host, 'apps/ours', { username: registry.username ?? '', password: registry.password ?? '' });
    const [v1, v2] = [(await fetchManifest(session, 'v1')).manifest, (await fetchManifest(session, 'v2')).manifest];
    expect(v1.config.mediaType).toBe(fluxConfigMediaType);
    expect(v1.layers.map((l) => l.mediaType)).toEqual([fluxContentMediaType]);
    expect(v1.annotations).toMatchObject({ 'org.opencontainers.image.source': 'https://github.com/example/apps', 'org.opencontainers.image.revision': 'main@sha1:0123456789abcdef0123456789abcdef01234567', 'org.opencontainers.image.created': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    // The same directory gives the same layer, whenever it is pushed.
    expect(v2.layers[0]?.digest).toBe(v1.layers[0]?.digest);

    const out = path.join(work, 'flux-pulled');
    await fs.mkdir(out);
    const pulled = await flux(['pull', 'artifact', `oci://${registry.host}/apps/ours:v1`, '--output', out, '--creds', creds]);
    expect(pulled.exitCode, pulled.stderr).toBe(0);
    expect(pulled.stderr + pulled.stdout).toContain('https://github.com/example/apps');
    expect(await read(out)).toEqual(files);
  });

  it('pulls what `flux push artifact` pushed, by tag and by digest', async () => {
    const src = await makeTempTree('artifact-src', files);
    const creds = `${registry.username}:${registry.password}`;
    const pushed = await flux(['push', 'artifact', `oci://${registry.host}/apps/theirs:v1`, '--path', src, '--source', 'https://github.com/example/apps', '--revision', 'v1@sha1:89abcdef0123456789abcdef0123456789abcdef', '--creds', creds]);
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    const c = capture();
    const out = path.join(work, 'ours-pulled');
    expect(await pullArtifactCommand.run(['artifact', `oci://${registry.host}/apps/theirs:v1`, '--output', out, '--creds', creds], c.io), c.err()).toBe(0);
    expect(c.out()).toMatch(/pulled .*@sha256:[0-9a-f]{64} \(source https:\/\/github.com\/example\/apps, revision v1@sha1:89abcdef0123456789abcdef0123456789abcdef\): 2 files in /);
    expect(await read(out)).toEqual(files);
    const digest = /@(sha256:[0-9a-f]{64})/.exec(c.out())?.[1];
    const byDigest = capture();
    expect(await pullArtifactCommand.run(['artifact', `oci://${registry.host}/apps/theirs@${digest}`, '--output', path.join(work, 'by-digest'), '--creds', creds], byDigest.io), byDigest.err()).toBe(0);
  });

  it('refuses bad input with a clear message and never prints the password', async () => {
    const src = await makeTempTree('artifact-src', files);
    const cases: Array<[typeof pushArtifactCommand, string[], RegExp]> = [
      [pushArtifactCommand, ['artifact', `oci://${registry.host}/apps/x`, '--path', src, '--source', 's', '--revision', 'r'], /names no tag or digest: add :<tag>/],
      [pushArtifactCommand, ['artifact', `https://${registry.host}/apps/x:v1`, '--path', src, '--source', 's', '--revision', 'r'], /is not an oci:\/\/ URL/],
      [pushArtifactCommand, ['artifact', `oci://${registry.host}/apps/x:v1`, '--path', path.join(src, 'nope'), '--source', 's', '--revision', 'r'], /is not a directory/],
      [pushArtifactCommand, ['artifact', `oci://${registry.host}/apps/x:v1`, '--path', src, '--source', 's', '--revision', 'r', '--creds', `${registry.username}:wrong-secret-42`], /401 UNAUTHORIZED/],
      [pullArtifactCommand, ['artifact', `oci://${registry.host}/apps/x:v1`, '--output', work, '--creds', 'nocolon-secret-42'], /--creds must be <username>:<password>/],
      [pullArtifactCommand, ['artifact', `oci://${registry.host}/apps/missing:v1`, '--output', work, '--creds', `${registry.username}:${registry.password}`], /MANIFEST_UNKNOWN|404/],
    ];
    for (const [cmd, args, message] of cases) {
      const c = capture();
      expect(await cmd.run(args, c.io)).toBe(1);
      expect(c.err()).toMatch(message);
      expect(c.err()).not.toMatch(/secret-42/);
      expect(c.err()).not.toContain(registry.password);
    }
    const usage = capture();
    expect(await pushArtifactCommand.run(['artifact'], usage.io)).toBe(2);
    expect(usage.err()).toContain('usage: flotilla push artifact');
  });
});
