import { describe, expect, it } from 'vitest';
import { REDACTED, redacted } from './redact.js';

describe('redacted', () => {
  it('replaces every value of a Secret’s data and stringData, keeps its keys, and drops kubectl’s last-applied copy', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        namespace: 'apps',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}', team: 'a' },
        managedFields: [{ manager: 'kubectl' }],
      },
      data: { password: 'c2VjcmV0', user: 'YWRtaW4=' },
      stringData: { token: 'plain-secret' },
      type: 'Opaque',
    };
    const out = redacted(secret);
    expect(out).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'apps', annotations: { team: 'a' } },
      data: { password: REDACTED, user: REDACTED },
      stringData: { token: REDACTED },
      type: 'Opaque',
    });
    expect(JSON.stringify(out)).not.toMatch(/c2VjcmV0|YWRtaW4|plain-secret/);
    // The original is left as it was.
    expect(secret.data.password).toBe('c2VjcmV0');
  });

  it('replaces a malformed data field whole', () => {
    expect(redacted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: 'c2VjcmV0' }).data).toBe(REDACTED);
  });

  it('drops managedFields of any object and leaves the rest, a ConfigMap’s data included', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: [{}] }, data: { a: '1' } };
    expect(redacted(cm)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
  });
});
