import { describe, expect, it } from 'vitest';
import { renderClusterValues, validOverlays } from './cluster-values.js';

describe('per-cluster values of a hub HelmRelease (a Flotilla extension)', () => {
  const overlays = validOverlays([
    { clusterSelector: 'region=eu', values: { replicaCount: 2, ingress: { hosts: ['eu.example.com'] }, resources: { limits: { cpu: '1' } } } },
    { clusterSelector: 'env=prod', values: { ingress: { hosts: ['prod.example.com'] }, resources: { limits: { memory: '1Gi' } } } },
  ]);
  const base = { replicaCount: 1, name: '${cluster_name}', ingress: { enabled: true, hosts: ['default.example.com'] } };

  it('overlays selecting the cluster merge in order: maps key by key, lists replaced (as Flux merges valuesFrom)', () => {
    const r = renderClusterValues(base, overlays, { labels: { region: 'eu', env: 'prod' } }, { cluster_name: 'edge-1' });
    expect(r).toEqual({ ok: true, values: { replicaCount: 2, name: 'edge-1', ingress: { enabled: true, hosts: ['prod.example.com'] }, resources: { limits: { cpu: '1', memory: '1Gi' } } } });
  });

  it('overlays that do not select the cluster are left out', () => {
    const r = renderClusterValues(base, overlays, { labels: { region: 'us' } }, { cluster_name: 'us-1' });
    expect(r).toEqual({ ok: true, values: { replicaCount: 1, name: 'us-1', ingress: { enabled: true, hosts: ['default.example.com'] } } });
  });

  it('variables are substituted in strings at any depth with Flux’s envsubst (defaults, $$ escapes), keys and non-strings untouched', () => {
    const r = renderClusterValues({ a: ['${cluster_label_tier:=none}', 3], '${k}': { b: '$${literal}' }, on: true }, [], { labels: {} }, {});
    expect(r).toEqual({ ok: true, values: { a: ['none', 3], '${k}': { b: '${literal}' }, on: true } });
  });

  it('an undefined variable is an error naming the value’s path (strict substitution)', () => {
    const r = renderClusterValues({ db: { host: '${db_host}' } }, [], { labels: {} }, {});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^values\.db\.host: .*db_host/);
  });

  it('overlays are checked at the edge: a selector is required and must parse, values must be a map', () => {
    expect(() => validOverlays([{ clusterSelector: '', values: {} }])).toThrow(/overlays\.0\.clusterSelector/);
    expect(() => validOverlays([{ clusterSelector: 'a in (b', values: {} }])).toThrow(/invalid label selector/);
    expect(() => validOverlays([{ clusterSelector: 'a=b', values: [1] }])).toThrow(/overlays\.0\.values/);
  });
});
