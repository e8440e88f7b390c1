import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCommand } from './build.js';

function capture(): { io: { stdout: PassThrough; stderr: PassThrough }; out: () => string; err: () => string } {
  const stdout = new PassThrough(), stderr = new PassThrough();
  let o = '', e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  return { io: { stdout, stderr }, out: () => o, err: () => e };
}

let dir: string;
const write = (rel: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-build-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('flotilla build', () => {
  it('builds an overlay whose base sits in ../ and prints it like kustomize', async () => {
    write('base/kustomization.yaml', 'resources:\n- cm.yaml\n');
    write('base/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: "on"\n');
    write('overlays/prod/kustomization.yaml', 'namePrefix: prod-\nresources:\n- ../../base\n');
    const c = capture();
    const code = await buildCommand.run([path.join(dir, 'overlays/prod')], c.io);
    expect(code).toBe(0);
    expect(c.out()).toBe('apiVersion: v1\ndata:\n  mode: "on"\nkind: ConfigMap\nmetadata:\n  name: prod-settings\n');
  });

  it('builds a directory without a kustomization the Flux way, following nested kustomizations to ../ bases (flux.md §1.6)', async () => {
    write('base/kustomization.yaml', 'resources:\n- cm.yaml\n');
    write('base/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    write('apps/web/kustomization.yaml', 'namePrefix: web-\nresources:\n- ../../base\n');
    write('apps/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n');
    const c = capture();
    expect(await buildCommand.run([path.join(dir, 'apps')], c.io)).toBe(0);
    expect(c.out()).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-c\n');
  });

  it('does not follow a symlink that leaves the build root, and fails with a typed error', async () => {
    write('app/kustomization.yaml', 'resources:\n- secret.yaml\n');
    const outside = path.join(os.tmpdir(), `flotilla-outside-${process.pid}.yaml`);
    fs.writeFileSync(outside, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\n');
    fs.symlinkSync(outside, path.join(dir, 'app/secret.yaml'));
    try {
      const c = capture();
      const code = await buildCommand.run([path.join(dir, 'app')], c.io);
      expect(code).toBe(1);
      expect(c.err()).toContain('RESOURCE_NOT_FOUND');
      expect(c.out()).toBe('');
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });

  it('exits non-zero with the error code on a broken kustomization', async () => {
    write('app/kustomization.yaml', 'resources:\n- missing.yaml\n');
    const c = capture();
    expect(await buildCommand.run([path.join(dir, 'app')], c.io)).toBe(1);
    expect(c.err()).toMatch(/^Error: RESOURCE_NOT_FOUND: /);
  });

  it('rejects a missing directory and wrong usage', async () => {
    const c = capture();
    expect(await buildCommand.run([path.join(dir, 'nope')], c.io)).toBe(1);
    expect(await buildCommand.run([], c.io)).toBe(2);
  });
});
