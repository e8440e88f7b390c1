import { describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { clusterGitOpsKeys, clusterKeys } from '../features/clusters/api/cluster-keys';
import { fleetKeys } from '../features/fleet/api/fleet-keys';
import { hubHelmKey } from '../features/helm/api/list-hub-helm';
import { fluxObjectKeys } from '../features/flux-objects/api/flux-object-keys';
import { NO_FILTERS } from '../features/flux-objects/hooks/use-flux-object-filters';
import { imageKeys } from '../features/images/api/image-keys';
import { kustomizationKeys } from '../features/kustomizations/api/kustomization-keys';
import { proposalKeys } from '../features/proposals/api/proposal-keys';
import { sourceKeys } from '../features/sources/api/source-keys';
import { invalidateOnEvent, staleFetchedBefore, toUiEvent } from './invalidate-on-event';

const filters = { selector: '', after: null, first: 25 };

function seeded() {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  qc.setQueryData(clusterKeys.list(filters), { page: 1 });
  qc.setQueryData(clusterKeys.detail('c1'), { id: 'c1' });
  qc.setQueryData(clusterKeys.detail('c2'), { id: 'c2' });
  qc.setQueryData(['auth', 'viewer'], { id: 'u' });
  const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated ?? false;
  return { qc, stale };
}

describe('invalidateOnEvent', () => {
  it('cluster.changed stales the lists and that cluster only', async () => {
    const { qc, stale } = seeded();
    await invalidateOnEvent(qc, { name: 'cluster.changed', payload: { clusterId: 'c1' } });
    expect(stale(clusterKeys.list(filters))).toBe(true);
    expect(stale(clusterKeys.detail('c1'))).toBe(true);
    expect(stale(clusterKeys.detail('c2'))).toBe(false);
    expect(stale(['auth', 'viewer'])).toBe(false);
  });

  it('cluster.deleted drops the detail and stales the lists', async () => {
    const { qc, stale } = seeded();
    await invalidateOnEvent(qc, { name: 'cluster.deleted', payload: { clusterId: 'c2' } });
    expect(qc.getQueryData(clusterKeys.detail('c2'))).toBeUndefined();
    expect(stale(clusterKeys.list(filters))).toBe(true);
    expect(stale(clusterKeys.detail('c1'))).toBe(false);
  });

  it('a reconnect stales every cluster query (events may have been missed)', async () => {
    const { qc, stale } = seeded();
    await invalidateOnEvent(qc, { name: 'reconnected' });
    expect(stale(clusterKeys.detail('c1'))).toBe(true);
    expect(stale(clusterKeys.detail('c2'))).toBe(true);
    expect(stale(['auth', 'viewer'])).toBe(false);
  });
});

describe('toUiEvent', () => {
  it('accepts well-formed events', () => {
    expect(toUiEvent('cluster.changed', { clusterId: 'c1' })).toEqual({
      name: 'cluster.changed',
      payload: { clusterId: 'c1' },
    });
  });
  it.each([
    ['cluster.changed', {}],
    ['cluster.changed', null],
    ['cluster.deleted', { clusterId: 7 }],
    ['something.else', { clusterId: 'c1' }],
  ])('ignores %s %j', (name, payload) => {
    expect(toUiEvent(name, payload)).toBeNull();
  });
});

describe('invalidateOnEvent: GitOps events', () => {
  function gitops() {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const keys = {
      sourceList: sourceKeys.list(),
      sourceS1: sourceKeys.detail('s1'),
      sourceS2: sourceKeys.detail('s2'),
      ociList: sourceKeys.ociList(),
      ociO1: sourceKeys.ociDetail('o1'),
      ociO2: sourceKeys.ociDetail('o2'),
      ksList: kustomizationKeys.list(),
      ksK1: kustomizationKeys.detail('k1'),
      ksK2: kustomizationKeys.detail('k2'),
      ksEvents: kustomizationKeys.events('k1', 'c1'),
      sourceOptions: kustomizationKeys.sourceOptions(),
      clusterC1: clusterKeys.detail('c1'),
      clusterKsC1: clusterGitOpsKeys.kustomizations('c1'),
      clusterKsC2: clusterGitOpsKeys.kustomizations('c2'),
      clusterEvC1: clusterGitOpsKeys.events('c1'),
      clusterEvC2: clusterGitOpsKeys.events('c2'),
    };
    for (const key of Object.values(keys)) qc.setQueryData(key, { x: 1 });
    const staleKeys = () =>
      Object.entries(keys)
        .filter(([, key]) => qc.getQueryState(key)?.isInvalidated)
        .map(([name]) => name)
        .sort();
    return { qc, staleKeys };
  }

  it('source.changed stales the source list, that source and the source picker only', async () => {
    const { qc, staleKeys } = gitops();
    await invalidateOnEvent(qc, { name: 'source.changed', payload: { id: 's1' } });
    expect(staleKeys()).toEqual(['sourceList', 'sourceOptions', 'sourceS1']);
  });

  it('ociRepository.changed stales the OCI list, that OCIRepository and the source picker only, no GitRepository', async () => {
    const { qc, staleKeys } = gitops();
    await invalidateOnEvent(qc, { name: 'ociRepository.changed', payload: { id: 'o1' } });
    expect(staleKeys()).toEqual(['ociList', 'ociO1', 'sourceOptions']);
  });

  it('kustomization.changed stales Kustomization lists, that one, source pages and cluster rows', async () => {
    const { qc, staleKeys } = gitops();
    await invalidateOnEvent(qc, { name: 'kustomization.changed', payload: { id: 'k1' } });
    expect(staleKeys()).toEqual([
      'clusterKsC1',
      'clusterKsC2',
      'ksK1',
      'ksList',
      'ociO1',
      'ociO2',
      'sourceS1',
      'sourceS2',
    ]);
  });

  it('kustomization.status stales that Kustomization and that cluster’s rows, not other clusters', async () => {
    const { qc, staleKeys } = gitops();
    await invalidateOnEvent(qc, { name: 'kustomization.status', payload: { id: 'k1', clusterId: 'c1' } });
    expect(staleKeys()).toEqual(['clusterKsC1', 'ksK1', 'ksList']);
  });

  it('cluster.events stales that cluster’s events and the Kustomization event panels', async () => {
    const { qc, staleKeys } = gitops();
    await invalidateOnEvent(qc, { name: 'cluster.events', payload: { clusterId: 'c1' } });
    expect(staleKeys()).toEqual(['clusterEvC1', 'ksEvents']);
  });

  it('a reconnect stales every realtime-fed query', async () => {
    const { qc, staleKeys } = gitops();
    await invalidateOnEvent(qc, { name: 'reconnected' });
    expect(staleKeys()).toHaveLength(16);
  });

  it('an event during a first load under way asks again once it lands (react-query would join it and drop the event)', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const key = sourceKeys.ociDetail('o1');
    const answers: ((v: unknown) => void)[] = [];
    const queryFn = () => new Promise((resolve) => answers.push(resolve));
    // An observer makes it active, as the open page does.
    const { QueryObserver } = await import('@tanstack/react-query');
    const observer = new QueryObserver(qc, { queryKey: key, queryFn });
    const off = observer.subscribe(() => undefined);
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    const handled = invalidateOnEvent(qc, { name: 'ociRepository.changed', payload: { id: 'o1' } });
    answers[0]!({ ready: 'Unknown' });
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[1]!({ ready: 'True' });
    await handled;
    await vi.waitFor(() => expect(qc.getQueryData(key)).toEqual({ ready: 'True' }));
    off();
  });

  it('the fleet aggregates: a fetch under way is kept, and one more follows it for a burst of events', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const key = fleetKeys.summary();
    qc.setQueryData(key, { n: 0 });
    let calls = 0;
    const answers: ((v: unknown) => void)[] = [];
    const { QueryObserver } = await import('@tanstack/react-query');
    const observer = new QueryObserver(qc, {
      queryKey: key,
      queryFn: () => {
        calls += 1;
        return new Promise((resolve) => answers.push(resolve));
      },
    });
    const off = observer.subscribe(() => undefined);
    void qc.refetchQueries({ queryKey: key });
    await vi.waitFor(() => expect(calls).toBe(1));
    const burst = [1, 2, 3].map(() => invalidateOnEvent(qc, { name: 'fluxObjects.changed', payload: { clusterId: 'c1' } }));
    answers[0]!({ n: 1 });
    await vi.waitFor(() => expect(calls).toBe(2));
    answers[1]!({ n: 2 });
    await Promise.all(burst);
    expect(calls).toBe(2);
    expect(qc.getQueryData(key)).toEqual({ n: 2 });
    off();
  });

  it('the first connection refetches what was fetched before the socket went live, not what came after or is under way', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const before = sourceKeys.ociDetail('o1');
    const after = sourceKeys.ociDetail('o2');
    const notFed = ['auth', 'viewer'];
    qc.setQueryData(before, { id: 'o1' }, { updatedAt: 1_000 });
    qc.setQueryData(notFed, { id: 'u' }, { updatedAt: 1_000 });
    qc.setQueryData(after, { id: 'o2' }, { updatedAt: 3_000 });
    let release: (v: unknown) => void = () => undefined;
    const inFlight = kustomizationKeys.detail('k1');
    void qc.fetchQuery({ queryKey: inFlight, queryFn: () => new Promise((resolve) => (release = resolve)) });
    await staleFetchedBefore(qc, 2_000);
    const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated ?? false;
    expect([stale(before), stale(after), stale(notFed), stale(inFlight)]).toEqual([true, false, false, false]);
    release({ id: 'k1' });
  });

  it('the fleet overview: object reports stale health and search, events stale activity, each apart', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const activity = fleetKeys.activity({ severity: 'error', kind: '', selector: '' });
    const keys = [fleetKeys.summary(), fleetKeys.attention(), activity, fleetKeys.search('nginx')];
    const stale = () => keys.map((key) => qc.getQueryState(key)?.isInvalidated ?? false);
    const reset = () => keys.forEach((key) => qc.setQueryData(key, {}));
    reset();
    await invalidateOnEvent(qc, { name: 'fluxObjects.changed', payload: { clusterId: 'c1' } });
    expect(stale()).toEqual([true, true, false, true]);
    reset();
    await invalidateOnEvent(qc, { name: 'cluster.events', payload: { clusterId: 'c1' } });
    expect(stale()).toEqual([false, false, true, false]);
    reset();
    await invalidateOnEvent(qc, { name: 'cluster.changed', payload: { clusterId: 'c1' } });
    expect(stale()).toEqual([true, true, false, false]);
  });

  it('fluxObjects.changed stales every Flux object list and open tree and the Helm page (its releases’ cluster rows), nothing else', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const list = fluxObjectKeys.list({ ...NO_FILTERS, kind: 'HelmRelease' });
    const tree = fluxObjectKeys.tree({
      clusterId: 'c1',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps',
    });
    for (const key of [list, tree, fluxObjectKeys.clusterOptions(), clusterKeys.detail('c1'), hubHelmKey])
      qc.setQueryData(key, {});
    await invalidateOnEvent(qc, { name: 'fluxObjects.changed', payload: { clusterId: 'c1' } });
    const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated ?? false;
    expect([
      stale(list),
      stale(tree),
      stale(fluxObjectKeys.clusterOptions()),
      stale(clusterKeys.detail('c1')),
      stale(hubHelmKey),
    ]).toEqual([true, true, false, false, true]);
  });

  it.each(['helmRepository.changed', 'helmRelease.changed'] as const)('%s stales the Helm page and each release’s clusters, nothing else', async (name) => {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const keys = [hubHelmKey, [...hubHelmKey, 'clusters', 'r1'], sourceKeys.ociList(), fluxObjectKeys.clusterOptions()];
    for (const key of keys) qc.setQueryData(key, {});
    await invalidateOnEvent(qc, { name, payload: { id: 'r1' } });
    expect(keys.map((key) => qc.getQueryState(key)?.isInvalidated ?? false)).toEqual([true, true, false, false]);
  });

  it.each([
    [
      'fluxObjects.changed',
      { clusterId: 'c1' },
      { name: 'fluxObjects.changed', payload: { clusterId: 'c1' } },
    ],
    ['source.changed', { id: 's1' }, { name: 'source.changed', payload: { id: 's1' } }],
    ['ociRepository.changed', { id: 'o1' }, { name: 'ociRepository.changed', payload: { id: 'o1' } }],
    ['helmRepository.changed', { id: 'h1' }, { name: 'helmRepository.changed', payload: { id: 'h1' } }],
    ['helmRelease.changed', { id: 'r1' }, { name: 'helmRelease.changed', payload: { id: 'r1' } }],
    ['kustomization.changed', { id: 'k1' }, { name: 'kustomization.changed', payload: { id: 'k1' } }],
    [
      'kustomization.status',
      { id: 'k1', clusterId: 'c1', extra: true },
      { name: 'kustomization.status', payload: { id: 'k1', clusterId: 'c1' } },
    ],
    ['cluster.events', { clusterId: 'c1' }, { name: 'cluster.events', payload: { clusterId: 'c1' } }],
  ])('toUiEvent accepts %s', (name, payload, expected) => {
    expect(toUiEvent(name, payload)).toEqual(expected);
  });

  it.each([
    ['source.changed', { clusterId: 'c1' }],
    ['kustomization.changed', { id: '' }],
    ['ociRepository.changed', { ociRepositoryId: 'o1' }],
    ['helmRelease.changed', { helmReleaseId: 'r1' }],
    ['kustomization.status', { id: 'k1' }],
    ['cluster.events', { id: 'c1' }],
    ['cluster.events', 'c1'],
  ])('toUiEvent ignores %s %j', (name, payload) => {
    expect(toUiEvent(name, payload)).toBeNull();
  });
});

describe('invalidateOnEvent: images and proposals', () => {
  it('proposal.changed stales the inbox, its badge and that proposal only; images.changed the image lists', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const keys = [
      proposalKeys.list(true),
      proposalKeys.openCount(),
      proposalKeys.detail('p1'),
      proposalKeys.detail('p2'),
      imageKeys.repositories(),
    ];
    for (const key of keys) qc.setQueryData(key, {});
    const stale = () => keys.map((key) => qc.getQueryState(key)?.isInvalidated ?? false);
    await invalidateOnEvent(qc, { name: 'proposal.changed', payload: { id: 'p1' } });
    expect(stale()).toEqual([true, true, true, false, false]);
    await invalidateOnEvent(qc, { name: 'images.changed' });
    expect(stale()).toEqual([true, true, true, false, true]);
  });

  it('kustomization.status stales open proposal pages (their rollout follows those statuses)', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    qc.setQueryData(proposalKeys.detail('p1'), {});
    await invalidateOnEvent(qc, { name: 'kustomization.status', payload: { id: 'k1', clusterId: 'c1' } });
    expect(qc.getQueryState(proposalKeys.detail('p1'))?.isInvalidated).toBe(true);
  });

  it('toUiEvent accepts proposal.changed with an id and images.changed; refuses a proposal event without one', () => {
    expect(toUiEvent('proposal.changed', { id: 'p1' })).toEqual({
      name: 'proposal.changed',
      payload: { id: 'p1' },
    });
    expect(toUiEvent('images.changed', {})).toEqual({ name: 'images.changed' });
    expect(toUiEvent('proposal.changed', { proposalId: 'p1' })).toBeNull();
  });
});
