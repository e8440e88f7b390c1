import { describe, expect, it } from 'vitest';
import { parseKustomizationSpec } from './kustomization.spec.js';

const base = { sourceRef: { kind: 'GitRepository', name: 'podinfo' }, interval: '5m', prune: true };

describe('parseKustomizationSpec (flux.md §1.6 field names and defaults)', () => {
  it('fills Flux defaults: path ./, wait/force/suspend false, empty dependsOn and healthChecks; retryInterval and timeout stay unset (= interval)', () => {
    const r = parseKustomizationSpec(base);
    expect(r.ok && r.value).toEqual({ ...base, path: './', wait: false, force: false, suspend: false, dependsOn: [], healthChecks: [] });
  });

  it('keeps every supported Flux field', () => {
    const full = {
      ...base,
      path: './clusters/my-cluster',
      retryInterval: '1m',
      timeout: '2m30s',
      wait: true,
      force: true,
      targetNamespace: 'apps',
      namePrefix: 'p-',
      nameSuffix: '-s',
      commonMetadata: { labels: { team: 'a' }, annotations: { note: 'x' } },
      patches: [{ patch: '- op: add\n  path: /x\n  value: 1', target: { kind: 'Deployment', labelSelector: 'app=x' } }],
      images: [{ name: 'nginx', newTag: '1.27' }],
      components: ['../components/a'],
      dependsOn: [{ name: 'infra', namespace: 'flotilla-system' }],
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'default' }],
      postBuild: { substitute: { cluster_env: 'prod' }, substituteFrom: [{ kind: 'ConfigMap', name: 'vars', optional: true }], substituteStrategy: 'Always' },
      decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
      serviceAccountName: 'deployer',
    };
    const r = parseKustomizationSpec(full);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value).toMatchObject(full);
  });

  it('substituteFrom optional defaults to false (Flux)', () => {
    const r = parseKustomizationSpec({ ...base, postBuild: { substituteFrom: [{ kind: 'Secret', name: 'vars' }] } });
    expect(r.ok && r.value.postBuild?.substituteFrom).toEqual([{ kind: 'Secret', name: 'vars', optional: false }]);
  });

  it.each([
    [{ ...base, prune: undefined }, 'prune', /required/],
    [{ ...base, interval: '1d' }, 'interval', /unknown unit "d"/],
    [{ ...base, interval: '0s' }, 'interval', /greater than 0/],
    [{ ...base, timeout: '-1m' }, 'timeout', /./],
    [{ ...base, sourceRef: { kind: 'Bucket', name: 'x' } }, 'sourceRef.kind', /GitRepository/],
    [{ ...base, sourceRef: { kind: 'GitRepository' } }, 'sourceRef.name', /required/],
    [{ ...base, targetNamespace: 'Apps' }, 'targetNamespace', /DNS-1123/],
    [{ ...base, path: 'a/../../b' }, 'path', /inside the source/],
    [{ ...base, deletionPolicy: 'Orphan' }, 'deletionPolicy', /unknown field/],
    [{ ...base, dependsOn: [{ name: 'x', readyExpr: 'true' }] }, 'dependsOn.0.readyExpr', /unknown field/],
    [{ ...base, healthChecks: [{ kind: 'Deployment', name: 'x' }] }, 'healthChecks.0.apiVersion', /required/],
  ])('%j → error at %s', (spec, path, message) => {
    const r = parseKustomizationSpec(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.path).toBe(path);
      expect(r.message).toMatch(message);
    }
  });

  it('a path that goes down and back up stays valid', () => {
    expect(parseKustomizationSpec({ ...base, path: './apps/../clusters/x' }).ok).toBe(true);
  });
});
