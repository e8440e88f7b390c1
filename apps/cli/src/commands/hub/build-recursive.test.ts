import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../hub/exit-codes.js';
import { withNested } from './build-kustomization.js';

// `--recursive` on local directories: which nested Kustomizations are followed, in what order, and how a
// missing source or a cycle fails. The e2e compares the output with the real flux byte for byte.

const ks = (name: string, namespace: string, p: string, source: string) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace },
  spec: { interval: '5m', path: p, prune: true, sourceRef: { kind: 'GitRepository', name: source } },
});
const ksYaml = (name: string, p: string, source: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: ns\nspec:\n  interval: 5m\n  path: ${p}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;
const cmYaml = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ns\n`;
const io = { stdout: new PassThrough(), stderr: new PassThrough() };
const names = (objects: Record<string, unknown>[]) => objects.map((o) => `${String(o.kind)}/${(o.metadata as { name: string }).name}`);

describe('build kustomization --recursive', () => {
  let dir = '';
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-recursive-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('follows each Kustomization but the parent, depth first, its objects after its parent’s, labelled as its own', async () => {
    write('fleet/a/cm.yaml', cmYaml('a'));
    write('fleet/a/b.yaml', ksYaml('b', './b', 'other'));
    write('other/b/cm.yaml', cmYaml('b'));
    const top = [ks('parent', 'ns', './x', 'fleet'), ks('a', 'ns', './a', 'fleet'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'top', namespace: 'ns' } }];
    const sources = new Map([
      ['GitRepository/ns/fleet', path.join(dir, 'fleet')],
      ['GitRepository/ns/other', path.join(dir, 'other')],
    ]);
    const out = await withNested(io, { namespace: 'ns', name: 'parent' }, top, sources, ['ns/parent']);
    expect(names(out)).toEqual(['Kustomization/parent', 'Kustomization/a', 'ConfigMap/top', 'ConfigMap/a', 'Kustomization/b', 'ConfigMap/b']);
    const b = out.find((o) => names([o])[0] === 'ConfigMap/b')!;
    expect((b.metadata as { labels: Record<string, string> }).labels).toEqual({ 'kustomize.toolkit.fluxcd.io/name': 'b', 'kustomize.toolkit.fluxcd.io/namespace': 'ns' });
  });

  it('a sourceRef without a local directory fails with flux’s message, exit 1', async () => {
    const err = await withNested(io, { namespace: 'ns', name: 'parent' }, [ks('a', 'ns', './a', 'fleet')], new Map(), ['ns/parent']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(err).toMatchObject({ exitCode: 1, message: 'cannot get local path for GitRepository/ns/fleet of kustomization a' });
  });

  it('a Kustomization that builds one of those building it is refused as a cycle, exit 1', async () => {
    write('fleet/a/b.yaml', ksYaml('b', './b', 'fleet'));
    write('fleet/b/a.yaml', ksYaml('a', './a', 'fleet'));
    const sources = new Map([['GitRepository/ns/fleet', path.join(dir, 'fleet')]]);
    const err = await withNested(io, { namespace: 'ns', name: 'parent' }, [ks('a', 'ns', './a', 'fleet')], sources, ['ns/parent']).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 1, message: 'Kustomization ns/a builds itself: ns/parent → ns/a → ns/b → ns/a' });
  });

  it('a spec.path that is not a directory names the mapping, exit 1', async () => {
    const sources = new Map([['GitRepository/ns/fleet', path.join(dir, 'fleet')]]);
    const err = await withNested(io, { namespace: 'ns', name: 'parent' }, [ks('a', 'ns', './missing', 'fleet')], sources, ['ns/parent']).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 1 });
    expect((err as Error).message).toMatch(/^Kustomization ns\/a: .*\/fleet\/missing \(--local-sources GitRepository\/ns\/fleet=.*\/fleet and spec\.path\) is not a directory$/);
  });
});
