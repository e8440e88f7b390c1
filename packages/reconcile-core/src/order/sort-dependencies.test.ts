import { describe, expect, it } from 'vitest';
import { sortDependencies, type Dependent } from './sort-dependencies.js';

const ks = (name: string, dependsOn: string[] = [], namespace = 'flux-system'): Dependent => ({
  kind: 'Kustomization',
  namespace,
  name,
  dependsOn: dependsOn.map((d) =>
    d.includes('/') ? { namespace: d.split('/')[0], name: d.split('/')[1] as string } : { name: d },
  ),
});

describe('sortDependencies', () => {
  it('orders dependencies first and groups independent objects in waves (flux.md §2 dependsOn)', () => {
    const res = sortDependencies([
      ks('apps', ['infra', 'crds']),
      ks('infra', ['crds']),
      ks('crds'),
      ks('monitoring'),
    ]);
    expect(res.ok && res.value.waves).toEqual([
      ['Kustomization/flux-system/crds', 'Kustomization/flux-system/monitoring'],
      ['Kustomization/flux-system/infra'],
      ['Kustomization/flux-system/apps'],
    ]);
    expect(res.ok && res.value.order[3]).toBe('Kustomization/flux-system/apps');
  });

  it('a dependsOn without namespace means the dependent’s own namespace; with one, that namespace', () => {
    const res = sortDependencies([
      ks('app', ['base'], 'team-a'),
      ks('base', [], 'team-a'),
      ks('base', [], 'team-b'),
      ks('other', ['team-b/base'], 'team-a'),
    ]);
    expect(res.ok && res.value.waves[1]).toEqual(['Kustomization/team-a/app', 'Kustomization/team-a/other']);
  });

  it('reports a cycle as DEPENDENCY_CYCLE naming every member in order (Flux would never apply them)', () => {
    const res = sortDependencies([ks('a', ['b']), ks('b', ['c']), ks('c', ['a']), ks('d')]);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toEqual([
      {
        code: 'DEPENDENCY_CYCLE',
        message:
          'circular dependency detected: Kustomization/flux-system/a -> Kustomization/flux-system/b -> Kustomization/flux-system/c -> Kustomization/flux-system/a',
        path: 'Kustomization/flux-system/a',
      },
    ]);
  });

  it('reports every separate cycle, including a self-dependency', () => {
    const res = sortDependencies([ks('a', ['b']), ks('b', ['a']), ks('self', ['self']), ks('x', ['a'])]);
    expect(res.ok ? [] : res.errors.map((e) => e.message)).toEqual([
      'circular dependency detected: Kustomization/flux-system/a -> Kustomization/flux-system/b -> Kustomization/flux-system/a',
      'circular dependency detected: Kustomization/flux-system/self -> Kustomization/flux-system/self',
    ]);
  });

  it('a dependency outside the set is a warning, not an error (Flux waits with DependencyNotReady)', () => {
    const res = sortDependencies([ks('app', ['missing'])]);
    expect(res.ok).toBe(true);
    expect(res.warnings).toMatchObject([
      { code: 'DEPENDENCY_NOT_FOUND', path: 'Kustomization/flux-system/app' },
    ]);
  });

  it('dependsOn never crosses kinds: a HelmRelease and a Kustomization with the same name are unrelated', () => {
    const res = sortDependencies([
      { kind: 'HelmRelease', namespace: 'flux-system', name: 'app', dependsOn: [{ name: 'db' }] },
      ks('db'),
    ]);
    expect(res.ok && res.warnings[0]?.message).toContain('HelmRelease/flux-system/db');
  });

  it('a duplicate object is DEPENDENCY_DUPLICATE', () => {
    const res = sortDependencies([ks('a'), ks('a')]);
    expect(res.ok ? 'ok' : res.errors[0]?.code).toBe('DEPENDENCY_DUPLICATE');
  });

  it('handles a 20 000-long chain without overflowing the stack', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => ks(`k${i}`, i > 0 ? [`k${i - 1}`] : []));
    const res = sortDependencies([...chain].reverse());
    expect(res.ok && res.value.order[0]).toBe('Kustomization/flux-system/k0');
    expect(res.ok && res.value.waves.length).toBe(20_000);
  });
});
