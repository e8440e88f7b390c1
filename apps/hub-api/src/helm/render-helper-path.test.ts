import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtRenderHelper, findRenderHelper } from './render-helper-path.js';

// Which render helper the hub uses: the configured one, none when configured `none`, else the one beside helm
// or on PATH; none found means `helm template` renders.

describe('findRenderHelper', () => {
  let withHelper: string;
  let without: string;
  beforeAll(async () => {
    [withHelper, without] = await Promise.all([mkdtemp(path.join(tmpdir(), 'render-helper-')), mkdtemp(path.join(tmpdir(), 'render-helper-'))]);
    await writeFile(path.join(withHelper, 'helm-render'), '#!/bin/sh\n');
    await chmod(path.join(withHelper, 'helm-render'), 0o755);
  });
  afterAll(async () => {
    await Promise.all([rm(withHelper, { recursive: true, force: true }), rm(without, { recursive: true, force: true })]);
  });

  it('FLOTILLA_HELM_RENDER_BINARY wins; `none` (or blank), there is none', () => {
    expect(findRenderHelper(path.join(withHelper, 'helm'), '/opt/helm-render', withHelper)).toBe('/opt/helm-render');
    expect(findRenderHelper(path.join(withHelper, 'helm'), '', withHelper)).toBeUndefined();
    expect(findRenderHelper('helm', '  ', withHelper)).toBeUndefined();
    expect(findRenderHelper('helm', 'none', withHelper)).toBeUndefined();
  });

  it('a helm given by path: the helper beside it, or none (PATH is not searched then)', () => {
    expect(findRenderHelper(path.join(withHelper, 'helm'), undefined, '')).toBe(path.join(withHelper, 'helm-render'));
    expect(findRenderHelper(path.join(without, 'helm'), undefined, withHelper)).toBeUndefined();
  });

  it('a helm found on PATH: the first helper on PATH', () => {
    expect(findRenderHelper('helm', undefined, [without, withHelper].join(path.delimiter))).toBe(path.join(withHelper, 'helm-render'));
    expect(findRenderHelper('helm', undefined, without)).toBeUndefined();
  });

  it('none beside helm or on PATH: the checkout’s build when it exists', () => {
    const built = path.join(withHelper, 'helm-render');
    expect(findRenderHelper('helm', undefined, without, built)).toBe(built);
    expect(findRenderHelper(path.join(without, 'helm'), undefined, '', built)).toBe(built);
    expect(findRenderHelper('helm', undefined, without, path.join(without, 'helm-render'))).toBeUndefined();
  });

  it('the checkout’s build is under the cache, at the helm version of scripts/test-binaries.env', async () => {
    expect(builtRenderHelper(path.join(without, 'no-such-checkout'))).toBeUndefined();
    const repo = await mkdtemp(path.join(tmpdir(), 'render-helper-repo-'));
    try {
      await mkdir(path.join(repo, 'scripts'));
      await writeFile(path.join(repo, 'scripts', 'test-binaries.env'), '# versions\nHELM_VERSION=v9.8.7\n');
      expect(builtRenderHelper(repo, { FLOTILLA_CACHE_DIR: '/cache' })).toBe('/cache/bin/helm-v9.8.7/helm-render');
      expect(builtRenderHelper(repo, { FLOTILLA_CACHE_DIR: '/cache', FLOTILLA_HELM_VERSION: 'v4.0.0' })).toBe('/cache/bin/helm-v4.0.0/helm-render');
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
