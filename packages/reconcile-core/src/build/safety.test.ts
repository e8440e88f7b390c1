import { describe, expect, it } from 'vitest';
import { buildKustomization } from './build.js';
import { fileTreeFromRecord } from './file-tree.js';

const deploy = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: "1"\n';

function codes(files: Record<string, string>, path = 'app'): string[] {
  const r = buildKustomization(fileTreeFromRecord(files), path);
  return r.ok ? [] : r.errors.map((e) => e.code);
}

describe('build safety: bounded, typed failures', () => {
  it('refuses a resource path that leaves the source root (PATH_ESCAPES_ROOT)', () => {
    expect(codes({ 'app/kustomization.yaml': 'resources:\n- ../../etc/passwd\n' })).toEqual(['PATH_ESCAPES_ROOT']);
  });

  it('refuses absolute paths (PATH_ESCAPES_ROOT)', () => {
    expect(codes({ 'app/kustomization.yaml': 'resources:\n- /etc/passwd\n' })).toEqual(['PATH_ESCAPES_ROOT']);
  });

  it('refuses a file outside the kustomization directory, as kustomize\'s load restrictor does', () => {
    expect(codes({ 'app/kustomization.yaml': 'resources:\n- ../shared/cm.yaml\n', 'shared/cm.yaml': deploy })).toEqual(['PATH_ESCAPES_ROOT']);
  });

  it('allows a base directory outside the kustomization directory', () => {
    const r = buildKustomization(
      fileTreeFromRecord({ 'app/kustomization.yaml': 'resources:\n- ../base\n', 'base/kustomization.yaml': 'resources:\n- cm.yaml\n', 'base/cm.yaml': deploy }),
      'app',
    );
    expect(r.ok).toBe(true);
  });

  it.each(['https://github.com/acme/base?ref=v1', 'github.com/acme/base//deploy?ref=main', 'git@github.com:acme/base.git'])(
    'refuses the remote base %s (REMOTE_BASE_REFUSED)',
    (url) => {
      expect(codes({ 'app/kustomization.yaml': `resources:\n- ${url}\n` })).toEqual(['REMOTE_BASE_REFUSED']);
    },
  );

  it('reports a kustomization cycle (CYCLE)', () => {
    expect(codes({ 'app/kustomization.yaml': 'resources:\n- ../b\n', 'b/kustomization.yaml': 'resources:\n- ../app\n' })).toEqual(['CYCLE']);
  });

  it('stops an alias bomb in a resource with YAML_ALIAS_LIMIT, quickly', () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 15; i++) bomb += `  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const t0 = performance.now();
    expect(codes({ 'app/kustomization.yaml': 'resources:\n- bomb.yaml\n', 'app/bomb.yaml': bomb })).toEqual(['YAML_ALIAS_LIMIT']);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('stops deep nesting with YAML_TOO_DEEP', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`;
    expect(codes({ 'app/kustomization.yaml': 'resources:\n- deep.yaml\n', 'app/deep.yaml': deep })).toEqual(['YAML_TOO_DEEP']);
  });

  it('refuses a huge file with FILE_TOO_LARGE before parsing it', () => {
    const huge = `${deploy}#${'x'.repeat(2 * 1024 * 1024)}\n`;
    const r = buildKustomization(fileTreeFromRecord({ 'app/kustomization.yaml': 'resources:\n- huge.yaml\n', 'app/huge.yaml': huge }), 'app', {
      limits: { maxBytes: 1024 * 1024 },
    });
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'FILE_TOO_LARGE', path: 'app/huge.yaml' });
  });

  it('caps the number of objects (LIMIT_EXCEEDED)', () => {
    const many = Array.from({ length: 20 }, (_, i) => deploy.replace('name: app', `name: app-${i}`)).join('---\n');
    const r = buildKustomization(fileTreeFromRecord({ 'app/kustomization.yaml': 'resources:\n- many.yaml\n', 'app/many.yaml': many }), 'app', {
      maxResources: 10,
    });
    expect(!r.ok && r.errors[0]?.code).toBe('LIMIT_EXCEEDED');
  });

  it('names the file of an invalid kustomization (KUSTOMIZATION_INVALID)', () => {
    const r = buildKustomization(fileTreeFromRecord({ 'app/kustomization.yaml': 'resourcez:\n- a.yaml\n' }), 'app');
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'KUSTOMIZATION_INVALID', path: 'app/kustomization.yaml' });
  });

  it('refuses a file tree entry that is absolute or climbs out (PATH_ESCAPES_ROOT)', () => {
    for (const bad of ['/etc/passwd', '../x.yaml']) {
      const r = buildKustomization(fileTreeFromRecord({ 'app/kustomization.yaml': 'resources: []\n', [bad]: deploy }), 'app');
      expect(!r.ok && r.errors[0]?.code).toBe('PATH_ESCAPES_ROOT');
    }
  });

  it('accepts "./"-prefixed file tree entries', () => {
    const r = buildKustomization(fileTreeFromRecord({ './app/kustomization.yaml': 'resources:\n- cm.yaml\n', './app/cm.yaml': deploy }), 'app');
    expect(r.ok).toBe(true);
  });

  it('refuses helmCharts (UNSUPPORTED_FEATURE)', () => {
    expect(codes({ 'app/kustomization.yaml': 'helmCharts:\n- name: x\n' })).toEqual(['UNSUPPORTED_FEATURE']);
  });
});

describe('build without a kustomization file (flux.md §1.6 Kustomization.path: generated from all YAML found)', () => {
  it('includes every YAML file below the path, and sub-directories with a kustomization as a whole', () => {
    const r = buildKustomization(
      fileTreeFromRecord({
        'app/cm.yaml': deploy,
        'app/nested/svc.yml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
        'app/README.md': '# not yaml',
        'app/sub/kustomization.yaml': 'namePrefix: sub-\nresources:\n- sa.yaml\n',
        'app/sub/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n',
      }),
      'app',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.objects.map((o) => `${String(o.kind)}/${String((o.metadata as { name: string }).name)}`)).toEqual([
      'ServiceAccount/sub-runner',
      'ConfigMap/app',
      'Service/web',
    ]);
  });
});
