import { describe, expect, it } from 'vitest';
import { declaredDocument, documentChanges, editFleetFile } from './fleet-file-edit.js';

const file = `# The web apps.
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: web
spec:
  interval: 5m   # often
  path: ./deploy
  prune: true
  sourceRef: {kind: GitRepository, name: app}
---
# The api.
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: api
  namespace: team-a
spec:
  interval: 10m # keep
  path: ./api
  prune: true
  sourceRef:
    kind: GitRepository
    name: app
`;
const web = { kind: 'Kustomization', namespace: 'flotilla-system', name: 'web', defaultNamespace: 'flotilla-system' };
const api = { kind: 'Kustomization', namespace: 'team-a', name: 'api', defaultNamespace: 'flotilla-system' };

describe('documentChanges', () => {
  it('names the changed leaves of maps, whole lists, and removed keys', () => {
    const before = { metadata: { name: 'a', labels: { x: '1' } }, spec: { path: './a', list: [1, 2], suspend: true } };
    const after = { metadata: { name: 'a' }, spec: { path: './b', list: [1, 3], timeout: '1m' } };
    expect(documentChanges(before, after)).toEqual([
      { path: ['metadata', 'labels'], remove: true },
      { path: ['spec', 'path'], value: './b' },
      { path: ['spec', 'list'], value: [1, 3] },
      { path: ['spec', 'timeout'], value: '1m' },
      { path: ['spec', 'suspend'], remove: true },
    ]);
  });
});

describe('editFleetFile', () => {
  it('changes only the fields that changed in the target’s document; comments, order and the other document are kept byte for byte', () => {
    const r = editFleetFile(file, api, [{ path: ['spec', 'path'], value: './api/v2' }, { path: ['spec', 'suspend'], value: true }]);
    expect(r.ok).toBe(true);
    const text = (r as { text: string }).text;
    const [first, second] = text.split('---\n');
    expect(first).toBe(file.split('---\n')[0]);
    expect(second).toBe(`# The api.
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: api
  namespace: team-a
spec:
  interval: 10m # keep
  path: ./api/v2
  prune: true
  sourceRef:
    kind: GitRepository
    name: app
  suspend: true
`);
  });

  it('finds a document without a namespace by the FleetSync’s namespace, the first one keeping its leading comment', () => {
    const r = editFleetFile(file, web, [{ path: ['spec', 'interval'], remove: true }]);
    expect(r.ok && r.text?.startsWith('# The web apps.\napiVersion')).toBe(true);
    expect(r.ok && r.text).not.toContain('interval: 5m');
    expect(r.ok && r.text?.split('---\n')[1]).toBe(file.split('---\n')[1]);
  });

  it('a delete removes the document, or the whole file when it was its only one', () => {
    const r = editFleetFile(file, web, 'delete');
    expect(r).toEqual({ ok: true, text: file.split('---\n')[1] });
    const second = editFleetFile((r as { text: string }).text, api, 'delete');
    expect(second).toEqual({ ok: true, text: null });
  });

  it('refuses a file that no longer declares the object, declares it twice, or is not YAML', () => {
    expect(editFleetFile(file, { ...web, name: 'gone' }, 'delete')).toEqual({ ok: false, message: 'the file no longer declares Kustomization flotilla-system/gone at the branch head' });
    expect(editFleetFile(`${file}---\n${file.split('---\n')[1]}`, api, 'delete')).toEqual({ ok: false, message: 'the file declares Kustomization team-a/api 2 times' });
    const bad = editFleetFile('kind: [unclosed\n', web, 'delete');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('not valid YAML');
  });
});

describe('declaredDocument', () => {
  it('is the target’s document as data, the same whatever the formatting, and null when the file does not declare it', () => {
    const reformatted = file.replace('sourceRef: {kind: GitRepository, name: app}', 'sourceRef:\n    kind: GitRepository\n    name: app');
    expect(declaredDocument(reformatted, web)).toBe(declaredDocument(file, web));
    expect(declaredDocument(file, web)).not.toBe(declaredDocument(file.replace('./deploy', './other'), web));
    expect(declaredDocument(file, { ...web, name: 'gone' })).toBeNull();
    expect(declaredDocument(undefined, web)).toBeNull();
  });
});
