import { describe, expect, it } from 'vitest';
import { alertMatches, type MatchableAlert } from './alert-match.js';
import type { HubEvent } from './hub-event.js';
import { foldGroup, formatDuration, stateChange } from './noise.js';
import { toFluxEvent } from './hub-event.js';

const ev = (over: Partial<HubEvent> = {}): HubEvent => ({
  id: 1n,
  cluster: { name: 'eu-1', labels: { env: 'prod', region: 'eu' } },
  kind: 'Kustomization',
  namespace: 'flux-system',
  name: 'apps',
  objectLabels: { team: 'shop', tier: 'web' },
  severity: 'error',
  reason: 'HealthCheckFailed',
  message: 'Health check failed for Deployment/web',
  revision: 'main@sha1:abc',
  occurredAt: new Date('2026-12-03T10:00:00Z'),
  ...over,
});

const alert = (
  over: Partial<MatchableAlert['spec']> = {},
  clusterSelector: MatchableAlert['clusterSelector'] = {},
): MatchableAlert => ({
  namespace: 'flux-system',
  spec: { eventSeverity: 'info', eventSources: [{ kind: 'Kustomization', name: '*' }], ...over },
  clusterSelector,
});

describe(alertMatches.name, () => {
  it('eventSeverity info takes info and error events; error takes only errors (Flux Alert eventSeverity)', () => {
    expect(alertMatches(alert(), ev({ severity: 'info' }))).toBe(true);
    expect(alertMatches(alert({ eventSeverity: 'error' }), ev({ severity: 'info' }))).toBe(false);
    expect(alertMatches(alert({ eventSeverity: 'error' }), ev())).toBe(true);
  });

  it('event sources: kind must match, name exact or `*`, namespace defaults to the Alert’s (Flux eventSources)', () => {
    expect(alertMatches(alert({ eventSources: [{ kind: 'GitRepository', name: '*' }] }), ev())).toBe(false);
    expect(alertMatches(alert({ eventSources: [{ kind: 'Kustomization', name: 'apps' }] }), ev())).toBe(true);
    expect(alertMatches(alert({ eventSources: [{ kind: 'Kustomization', name: 'infra' }] }), ev())).toBe(
      false,
    );
    expect(alertMatches(alert(), ev({ namespace: 'other' }))).toBe(false);
    expect(
      alertMatches(
        alert({ eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'other' }] }),
        ev({ namespace: 'other' }),
      ),
    ).toBe(true);
  });

  it('matchLabels: the involved object must carry every label, with `*` or a name alike (flux.md §1.12 eventSources matchLabels; Flux eventMatchesAlertSource)', () => {
    const src = (over: Record<string, unknown>) =>
      alert({ eventSources: [{ kind: 'Kustomization', name: '*', ...over }] });
    expect(alertMatches(src({ matchLabels: { team: 'shop' } }), ev())).toBe(true);
    expect(alertMatches(src({ matchLabels: { team: 'shop', tier: 'web' } }), ev())).toBe(true);
    expect(alertMatches(src({ matchLabels: { team: 'billing' } }), ev())).toBe(false);
    expect(alertMatches(src({ matchLabels: { team: 'shop', env: 'prod' } }), ev())).toBe(false);
    expect(alertMatches(src({ name: 'apps', matchLabels: { team: 'billing' } }), ev())).toBe(false);
    expect(alertMatches(src({ name: 'apps', matchLabels: { tier: 'web' } }), ev())).toBe(true);
    // Only the object's labels count, never the cluster's (env=prod is a cluster label here).
    expect(alertMatches(src({ matchLabels: { env: 'prod' } }), ev())).toBe(false);
  });

  it('matchLabels on an object whose labels the hub does not know matches nothing, as Flux when it cannot read the object (flux.md §2 notifications: event flow; §1.12 eventSources)', () => {
    const withLabels = alert({
      eventSources: [{ kind: 'Kustomization', name: '*', matchLabels: { team: 'shop' } }],
    });
    expect(alertMatches(withLabels, ev({ objectLabels: null }))).toBe(false);
    expect(alertMatches(withLabels, ev({ objectLabels: {} }))).toBe(false);
    expect(alertMatches(alert(), ev({ objectLabels: null }))).toBe(true);
  });

  it('inclusionList needs one match; exclusionList wins over inclusion (Flux: exclusion takes precedence)', () => {
    expect(alertMatches(alert({ inclusionList: ['^Health'] }), ev())).toBe(true);
    expect(alertMatches(alert({ inclusionList: ['^Reconciliation'] }), ev())).toBe(false);
    expect(alertMatches(alert({ inclusionList: ['^Health'], exclusionList: ['Deployment/web'] }), ev())).toBe(
      false,
    );
    expect(alertMatches(alert({ exclusionList: ['nothing-like-this'] }), ev())).toBe(true);
  });

  it('a regex that no longer compiles takes nothing rather than everything', () => {
    expect(alertMatches(alert({ inclusionList: ['('] }), ev())).toBe(false);
    expect(alertMatches(alert({ exclusionList: ['('] }), ev())).toBe(false);
  });

  it('suspended Alerts take nothing (Flux Alert suspend)', () => {
    expect(alertMatches(alert({ suspend: true }), ev())).toBe(false);
  });

  it('cluster selector: labels selector, names, either one takes the cluster; empty takes every cluster', () => {
    expect(alertMatches(alert({}, { labels: 'env=prod' }), ev())).toBe(true);
    expect(alertMatches(alert({}, { labels: 'env=staging' }), ev())).toBe(false);
    expect(alertMatches(alert({}, { labels: 'env=staging', names: ['eu-1'] }), ev())).toBe(true);
    expect(alertMatches(alert({}, { names: ['us-1'] }), ev())).toBe(false);
    expect(alertMatches(alert({}, { labels: 'region in (eu,us),!legacy' }), ev())).toBe(true);
  });
});

describe(toFluxEvent.name, () => {
  it('carries the cluster’s name and labels as metadata, which Alert metadata cannot overwrite (Flux metadata precedence: alert < summary < controller)', () => {
    const e = toFluxEvent(ev(), { eventMetadata: { cluster: 'spoofed', team: 'web' }, summary: 'prod apps' });
    expect(e.metadata).toEqual({
      cluster: 'eu-1',
      clusterLabels: 'env=prod,region=eu',
      team: 'web',
      summary: 'prod apps',
      revision: 'main@sha1:abc',
    });
    expect(e).toMatchObject({
      involvedObject: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
      reportingController: 'kustomize-controller',
      timestamp: '2026-12-03T10:00:00.000Z',
    });
  });
});

describe(stateChange.name, () => {
  const t0 = new Date('2026-12-03T10:00:00Z');
  it('the first error starts failing and is sent; further errors are not; the next info is the recovery with the duration', () => {
    expect(stateChange(null, ev({ occurredAt: t0 }))).toEqual({ send: true, failingSince: t0 });
    expect(stateChange(t0, ev())).toEqual({ send: false });
    const back = stateChange(t0, ev({ severity: 'info', occurredAt: new Date(t0.getTime() + 754_000) }));
    expect(back).toEqual({ send: true, failingSince: null, recoveredAfterMs: 754_000 });
    expect(stateChange(null, ev({ severity: 'info' }))).toEqual({ send: false });
  });

  it('formats durations as Go does, to the second', () => {
    expect(formatDuration(754_000)).toBe('12m34s');
    expect(formatDuration(3_600_000 + 5_000)).toBe('1h0m5s');
    expect(formatDuration(400)).toBe('0s');
  });
});

describe(foldGroup.name, () => {
  it('folds the same failure from several clusters into one message naming the count and the clusters', () => {
    const events = ['eu-2', 'eu-1', 'us-1'].map((name) =>
      toFluxEvent(ev({ cluster: { name, labels: { env: 'prod' } } }), {}),
    );
    const folded = foldGroup(events);
    expect(folded.message).toBe('HealthCheckFailed on 3 clusters: Health check failed for Deployment/web');
    expect(folded.metadata).toMatchObject({ cluster: 'eu-1, eu-2, us-1' });
    expect(folded.metadata?.clusterLabels).toBeUndefined();
    expect(foldGroup([events[0]!])).toBe(events[0]);
  });
});
