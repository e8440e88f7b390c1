import { describe, expect, it } from 'vitest';
import { apiFailure, isImmutableFailure, missingNamespace } from './api-error.js';

const status = (code: number, reason: string, message: string, causes: { message: string }[] = []) => ({ kind: 'Status', code, reason, message, details: { causes } });

describe('API server failures', () => {
  it('recognises the ways the API server words an immutable field (flux.md §2 immutable)', () => {
    const cases = [
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: ...: field is immutable',
      'RoleBinding.rbac.authorization.k8s.io "x" is invalid: roleRef: Invalid value: ...: cannot change roleRef',
      'StatefulSet.apps "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than \'replicas\' are forbidden',
    ];
    for (const message of cases) expect(isImmutableFailure(apiFailure(422, status(422, 'Invalid', message)))).toBe(true);
    expect(isImmutableFailure(apiFailure(422, status(422, 'Invalid', 'spec.replicas: Invalid value: -1: must be greater than or equal to 0')))).toBe(false);
    expect(isImmutableFailure(apiFailure(409, status(409, 'Conflict', 'field is immutable')))).toBe(false);
  });

  it('finds the missing namespace in a NotFound answer', () => {
    expect(missingNamespace(apiFailure(404, status(404, 'NotFound', 'namespaces "apps" not found')))).toBe('apps');
    expect(missingNamespace(apiFailure(404, status(404, 'NotFound', 'configmaps "x" not found')))).toBeUndefined();
  });

  it('keeps a non-Status body readable and bounded', () => {
    const f = apiFailure(502, 'x'.repeat(2000));
    expect(f.reason).toBe('502');
    expect(f.message).toHaveLength(500);
  });
});
