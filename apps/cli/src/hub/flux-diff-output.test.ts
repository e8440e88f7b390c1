import { describe, expect, it } from 'vitest';
import { diffReport, fieldDiff } from './flux-diff-output.js';

// Golden outputs from flux's cmd/flux/testdata/diff-kustomization (dyff's human report without colour).

const service = (port: number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'podinfo', namespace: 'default' },
  spec: { ports: [{ name: 'http', port, protocol: 'TCP' }, { name: 'grpc', port: 9999, protocol: 'TCP' }] },
});

describe('flux diff report', () => {
  it('a drifted port is addressed by its list item name (flux golden diff-with-drifted-service)', () => {
    const { text, changed } = diffReport([
      { subject: 'Deployment/default/podinfo', action: 'created' },
      { subject: 'Service/default/podinfo', action: 'configured', live: service(9899), merged: service(9898) },
      { subject: 'Secret/default/docker-secret', action: 'created' },
    ]);
    expect(changed).toBe(true);
    expect(text).toBe(
      '► Deployment/default/podinfo created\n► Service/default/podinfo drifted\n\nspec.ports.http.port\n± value change\n- 9899\n+ 9898\n\n► Secret/default/docker-secret created\n',
    );
  });

  it('a masked Secret value shows as before/after, never the value (flux golden diff-with-drifted-secret)', () => {
    const live = { kind: 'Secret', data: { password: '*** (before)', username: '***' } };
    const merged = { kind: 'Secret', data: { password: '*** (after)', username: '***' } };
    expect(fieldDiff(live, merged)).toBe('\ndata.password\n± value change\n- *** (before)\n+ *** (after)\n\n');
  });

  it('map entries added and removed are listed with their values', () => {
    const out = fieldDiff({ data: { a: '1', gone: 'x' } }, { data: { a: '1', b: '2', c: '3' } });
    expect(out).toBe('\ndata\n- one map entry removed:\n  gone: x\n+ two map entries added:\n  b: "2"\n  c: "3"\n\n');
  });

  it('unchanged objects print nothing and do not count as a change; skipped ones print but do not count; deleted ones count', () => {
    expect(diffReport([{ subject: 'ConfigMap/default/a', action: 'unchanged' }])).toEqual({ text: '', changed: false });
    expect(diffReport([{ subject: 'ConfigMap/default/a', action: 'skipped' }])).toEqual({ text: '► ConfigMap/default/a skipped\n', changed: false });
    expect(diffReport([{ subject: 'ConfigMap/default/a', action: 'deleted' }])).toEqual({ text: '► ConfigMap/default/a deleted\n', changed: true });
  });
});
