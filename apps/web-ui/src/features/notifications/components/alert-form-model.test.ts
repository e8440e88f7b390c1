import { describe, expect, it } from 'vitest';
import type { Alert } from '../api/list-alerts';
import { alertFormState, alertInput, newEventSource } from './alert-form-model';

const stored: Alert = {
  managedBy: null,
  id: 'a1',
  namespace: 'flotilla-system',
  name: 'prod-errors',
  providerId: 'p1',
  providerName: 'chat',
  eventSeverity: 'error',
  eventSources: [
    { kind: 'Kustomization', name: '*', namespace: null, matchLabels: [{ key: 'team', value: 'shop' }] },
    { kind: 'HelmRelease', name: 'podinfo', namespace: 'apps', matchLabels: [] },
  ],
  inclusionList: ['^Health', 'a,b'],
  exclusionList: [],
  eventMetadata: [{ key: 'env', value: 'prod' }],
  summary: 'Prod',
  suspend: true,
  clusterSelector: { labels: 'env=prod', names: ['eu-1', 'us-1'] },
  mode: 'STATE_CHANGE',
  groupWindowSeconds: 30,
};

describe('alert form model', () => {
  it('an edit sends back what it was given when nothing changed (every field the form shows round-trips)', () => {
    expect(alertInput(alertFormState(stored), '')).toEqual({
      namespace: 'flotilla-system',
      name: 'prod-errors',
      providerId: 'p1',
      eventSeverity: 'error',
      eventSources: [
        { kind: 'Kustomization', name: '*', namespace: null, matchLabels: [{ key: 'team', value: 'shop' }] },
        { kind: 'HelmRelease', name: 'podinfo', namespace: 'apps', matchLabels: [] },
      ],
      clusterSelector: { labels: 'env=prod', names: ['eu-1', 'us-1'] },
      mode: 'STATE_CHANGE',
      groupWindowSeconds: 30,
      inclusionList: ['^Health', 'a,b'],
      exclusionList: [],
      eventMetadata: [{ key: 'env', value: 'prod' }],
      summary: 'Prod',
      suspend: true,
    });
  });

  it('a new Alert starts with one source (every Kustomization) and takes the first Provider when none is picked', () => {
    const s = alertFormState();
    expect(s.sources).toEqual([newEventSource()]);
    const input = alertInput(
      {
        ...s,
        name: 'x',
        sources: [...s.sources, { ...newEventSource(), matchLabels: [{ key: '', value: '' }] }],
      },
      'p9',
    );
    expect(input.providerId).toBe('p9');
    expect(input.eventSources).toHaveLength(2);
    expect(input.eventSources[1]?.matchLabels).toEqual([]);
    expect(input.clusterSelector).toEqual({ labels: null, names: [] });
  });
});
