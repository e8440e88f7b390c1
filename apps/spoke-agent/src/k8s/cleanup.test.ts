import { describe, expect, it } from 'vitest';
import { cleanupPatch, LAST_APPLIED_ANNOTATION } from './cleanup.js';
import { driftOf } from './live.js';

const now = new Date('2026-11-21T00:00:00.123Z');
const entry = (manager: string, operation: string, fieldsV1: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ manager, operation, apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1, ...extra });

describe('cleanupPatch (flux.md §2 drift correction)', () => {
  it('hands kubectl-owned fields to our Apply entry and removes last-applied-configuration', () => {
    const live = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: 'cfg', resourceVersion: '42', annotations: { [LAST_APPLIED_ANNOTATION]: '{}' },
        managedFields: [
          entry('flotilla', 'Apply', { 'f:data': { 'f:a': {} } }),
          entry('kubectl-client-side-apply', 'Update', { 'f:data': { 'f:extra': {} } }),
          entry('kube-controller-manager', 'Update', { 'f:metadata': { 'f:labels': {} } }),
          entry('kubectl-edit', 'Update', { 'f:status': {} }, { subresource: 'status' }),
        ],
      },
    };
    expect(cleanupPatch(live, now)).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '42' },
      {
        op: 'replace', path: '/metadata/managedFields', value: [
          entry('flotilla', 'Apply', { 'f:data': { 'f:a': {}, 'f:extra': {} } }),
          entry('kube-controller-manager', 'Update', { 'f:metadata': { 'f:labels': {} } }),
          entry('kubectl-edit', 'Update', { 'f:status': {} }, { subresource: 'status' }),
        ],
      },
      { op: 'remove', path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration' },
    ]);
  });

  it('does nothing when only other controllers and our Apply entry own fields', () => {
    const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', managedFields: [entry('flotilla', 'Apply', {}), entry('kube-controller-manager', 'Update', {})] } };
    expect(cleanupPatch(live, now)).toBeUndefined();
  });
});

describe('driftOf (flux.md §2: only objects whose dry-run differs are patched)', () => {
  const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', resourceVersion: '1', managedFields: [{ manager: 'a' }], labels: { x: '1' } }, data: { a: '1' }, status: { s: 1 } };
  it('ignores what the server maintains: resourceVersion, managedFields, status, key order', () => {
    expect(driftOf(live, { data: { a: '1' }, kind: 'ConfigMap', apiVersion: 'v1', metadata: { labels: { x: '1' }, name: 'c', resourceVersion: '2', managedFields: [] } })).toBe('none');
  });
  it('sees changed data and labels, and absence as create', () => {
    expect(driftOf(live, { ...live, data: { a: '2' } })).toBe('update');
    expect(driftOf(live, { ...live, metadata: { ...live.metadata, labels: { x: '2' } } })).toBe('update');
    expect(driftOf(undefined, live)).toBe('create');
  });
});
