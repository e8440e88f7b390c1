import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { binaryPath, helmRenderPath } from './binaries.js';

describe('binary resolution', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('names what is missing and how to supply it when there is no Go and no binary', async () => {
    process.env.FLOTILLA_CACHE_DIR = mkdtempSync(path.join(os.tmpdir(), 'flotilla-empty-cache-'));
    process.env.PATH = '/nonexistent';
    delete process.env.KUBEBUILDER_ASSETS;
    delete process.env.FLOTILLA_KUBE_APISERVER_BIN;
    const err = await binaryPath('kube-apiserver').then(() => undefined, (e: unknown) => e);
    expect(String(err)).toContain('kube-apiserver');
    expect(String(err)).toContain('Go is not installed');
    expect(String(err)).toContain('KUBEBUILDER_ASSETS');
  });

  it('prefers KUBEBUILDER_ASSETS and explicit overrides, and rejects an override that does not exist', async () => {
    process.env.FLOTILLA_HELM_BIN = '/usr/bin/true';
    expect(await binaryPath('helm')).toBe('/usr/bin/true');
    process.env.FLOTILLA_HELM_BIN = '/nonexistent/helm';
    await expect(binaryPath('helm')).rejects.toThrow(/does not exist/);
  });

  it('the render helper: FLOTILLA_HELM_RENDER_BIN when set, rejected when it does not exist', async () => {
    process.env.FLOTILLA_HELM_RENDER_BIN = '/usr/bin/true';
    expect(await helmRenderPath()).toBe('/usr/bin/true');
    process.env.FLOTILLA_HELM_RENDER_BIN = '/nonexistent/helm-render';
    await expect(helmRenderPath()).rejects.toThrow(/does not exist/);
  });
});
