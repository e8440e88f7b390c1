import { describe, expect, it } from 'vitest';
import { renderedDiff } from './rendered-diff.js';

const deploy = (image: string, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app', namespace: 'default' },
  spec: { replicas, template: { spec: { containers: [{ name: 'app', image }] } } },
});
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { 'app.conf': 'x' } });

describe('renderedDiff', () => {
  it('names the changed field paths of an object, with list indexes', () => {
    expect(renderedDiff([deploy('app:1.0.0')], [deploy('app:1.0.1', 2)])).toEqual({
      added: [],
      removed: [],
      changed: [{ object: 'Deployment/default/app', fields: ['spec.replicas', 'spec.template.spec.containers[0].image'] }],
    });
  });

  it('lists added and removed objects, and nothing for identical ones; odd keys are quoted', () => {
    const changedKey = { ...cm('b'), data: { 'app.conf': 'y' } };
    expect(renderedDiff([cm('a'), cm('b')], [cm('b'), cm('c')])).toEqual({ added: ['ConfigMap/default/c'], removed: ['ConfigMap/default/a'], changed: [] });
    expect(renderedDiff([cm('b')], [changedKey]).changed).toEqual([{ object: 'ConfigMap/default/b', fields: ['data["app.conf"]'] }]);
  });
});
