import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FLUX_KINDS, type FluxKindIdentity } from '@flotilla/reconcile-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FluxObject } from '../controller/kind-reconciler.js';
import { Outbox } from '../outbox/outbox.js';
import { captureLogger } from '../testing/capture-logger.js';
import { ClusterObjectReports } from './cluster-object-reports.js';

// The snapshot after each welcome, through a real outbox on disk: to a v4 hub its status batches carry one
// snapshot id and the last says complete; to a v3 hub they carry nothing new.

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cluster-reports-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const GR = FLUX_KINDS.GitRepository;
const repo = (name: string): FluxObject => ({
  apiVersion: GR.apiVersion,
  kind: GR.kind,
  metadata: { namespace: 'flux-system', name, generation: 1 },
  spec: { url: 'https://example.com/repo.git', interval: '1m' },
  status: { observedGeneration: 1, conditions: [] },
});

let outboxes = 0;
async function setup(objects: FluxObject[]) {
  const outbox = await Outbox.open(path.join(dir, `outbox-${++outboxes}.jsonl`));
  const reports = new ClusterObjectReports({
    outbox,
    lookup: { get: () => undefined, list: (kind: FluxKindIdentity) => (kind.kind === 'GitRepository' ? objects : []) },
    kinds: () => [GR, FLUX_KINDS.Kustomization],
    logger: captureLogger().logger,
  });
  return { outbox, reports };
}

describe(ClusterObjectReports.name, () => {
  it('to a v4 hub: every status batch of the snapshot carries one id, only the last is complete (split at 500 items)', async () => {
    const { outbox, reports } = await setup(Array.from({ length: 1001 }, (_, i) => repo(`r${i}`)));
    reports.listedAll();
    reports.welcomed(4);
    await reports.flushed();
    const status = outbox.pending().filter((b) => b.type === 'status');
    expect(status.map((b) => b.items.length)).toEqual([500, 500, 1]);
    const markers = status.map((b) => (b.type === 'status' ? b.snapshot : undefined));
    expect(markers.map((m) => m?.complete)).toEqual([false, false, true]);
    expect(new Set(markers.map((m) => m?.id)).size).toBe(1);

    // The next welcome is a new snapshot.
    reports.welcomed(4);
    await reports.flushed();
    const next = outbox.pending().filter((b) => b.type === 'status').slice(3);
    expect(next.map((b) => (b.type === 'status' ? b.snapshot?.complete : undefined))).toEqual([false, false, true]);
    expect(next[0]?.type === 'status' && next[0].snapshot?.id).not.toBe(markers[0]?.id);
  });

  it('to a v4 hub: a cluster with no Flux objects sends one empty, complete batch', async () => {
    const { outbox, reports } = await setup([]);
    reports.listedAll();
    reports.welcomed(4);
    await reports.flushed();
    expect(outbox.pending()).toEqual([{ type: 'status', seq: 1, items: [], snapshot: { id: expect.any(String), complete: true } }]);
  });

  it('to a v3 hub: no marker, and nothing for an empty cluster', async () => {
    const { outbox, reports } = await setup([repo('a')]);
    reports.listedAll();
    reports.welcomed(3);
    await reports.flushed();
    expect(outbox.pending()).toEqual([{ type: 'status', seq: 1, items: [expect.objectContaining({ kind: 'GitRepository', name: 'a', origin: 'cluster' })] }]);
    const empty = await setup([]);
    empty.reports.listedAll();
    empty.reports.welcomed(3);
    await empty.reports.flushed();
    expect(empty.outbox.pending()).toEqual([]);
  });

  it('a newer status of an object in an unsent snapshot batch does not take it out of the snapshot', async () => {
    const objects = [repo('a'), repo('b')];
    const { outbox, reports } = await setup(objects);
    reports.listedAll();
    reports.welcomed(4);
    reports.onStatus(GR, objects[0]!, { observedGeneration: 1, conditions: [] }, []);
    await reports.flushed();
    const [snapshot, later] = outbox.pending().filter((b) => b.type === 'status');
    expect(snapshot?.items.map((i) => i.name)).toEqual(['a', 'b']);
    expect(snapshot?.type === 'status' && snapshot.snapshot?.complete).toBe(true);
    expect(later?.items.map((i) => i.name)).toEqual(['a']);
  });

  it('reports a HelmRelease’s current release objects as its inventory (origin cluster), in the snapshot and after each status', async () => {
    const HR = FLUX_KINDS.HelmRelease;
    const hrStatus = { observedGeneration: 1, conditions: [], storageNamespace: 'apps', history: [{ name: 'web', namespace: 'apps', version: 1 }] };
    const hr: FluxObject = { apiVersion: HR.apiVersion, kind: HR.kind, metadata: { namespace: 'apps', name: 'web', generation: 1 }, spec: { interval: '1m' }, status: hrStatus };
    let entries = [{ id: 'apps_web__Service', v: 'v1' }];
    const outbox = await Outbox.open(path.join(dir, `outbox-${++outboxes}.jsonl`));
    const reports = new ClusterObjectReports({
      outbox,
      lookup: { get: () => undefined, list: (kind: FluxKindIdentity) => (kind.kind === 'HelmRelease' ? [hr] : []) },
      kinds: () => [HR],
      logger: captureLogger().logger,
      helmReleases: { inventory: (s) => Promise.resolve(s === hrStatus ? entries : undefined), forget: () => undefined },
    });
    reports.listedAll();
    reports.welcomed(4);
    await reports.flushed();
    expect(outbox.pending().map((b) => b.type)).toEqual(['status', 'inventory']);
    expect(outbox.pending()[1]).toMatchObject({ items: [{ kind: 'HelmRelease', origin: 'cluster', namespace: 'apps', name: 'web', entries }] });

    entries = [...entries, { id: 'apps_web_apps_Deployment', v: 'v1' }];
    reports.onStatus(HR, hr, hrStatus, []);
    await reports.flushed();
    expect(outbox.pending().at(-1)).toMatchObject({ type: 'inventory', items: [{ kind: 'HelmRelease', entries }] });
  });
});
