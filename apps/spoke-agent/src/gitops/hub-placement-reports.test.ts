import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HUB_GENERATION_ANNOTATION, HUB_OWNER_LABEL, HUB_OWNER_VALUE } from '@flotilla/protocol';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FluxObject } from '../controller/kind-reconciler.js';
import { Outbox } from '../outbox/outbox.js';
import { captureLogger } from '../testing/capture-logger.js';
import { HubPlacementReports } from './hub-placement-reports.js';

const when = '2026-12-03T01:00:00Z';
let dir: string;
let outbox: Outbox;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'placement-reports-'));
  outbox = await Outbox.open(path.join(dir, 'outbox.jsonl'));
});
afterEach(async () => {
  await outbox.flush();
  await fs.rm(dir, { recursive: true, force: true });
});

// A projected hub HelmRelease as the runtime hands it over: the API server's generation 4 is the hub's 2.
const release: FluxObject = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { namespace: 'flotilla-system', name: 'demo', generation: 4, labels: { [HUB_OWNER_LABEL]: HUB_OWNER_VALUE }, annotations: { [HUB_GENERATION_ANNOTATION]: '2' } },
  spec: { interval: '1h' },
};
const status = {
  observedGeneration: 4,
  conditions: [{ type: 'Ready', status: 'False', reason: 'InstallFailed', message: 'Helm install failed for release flotilla-system/demo with chart demo@1.0.0', lastTransitionTime: when }],
  history: [{ name: 'demo', namespace: 'flotilla-system', version: 1, status: 'failed', chartName: 'demo', chartVersion: '1.0.0', configDigest: 'sha256:c', digest: 'sha256:d', firstDeployed: when, lastDeployed: when }],
  lastAttemptedRevision: '1.0.0',
  lastAttemptedReleaseAction: 'install',
  failures: 1,
  installFailures: 1,
};
const failed = [{ type: 'Warning' as const, reason: 'InstallFailed', message: 'Helm install failed' }];

describe('HubPlacementReports for the HelmReleases the hub placed', () => {
  it('sends nothing to a hub older than protocol 6 (it would refuse them as not placed), then the latest status after a v6 welcome, with Flux’s reason, history, counters and the hub’s generation', async () => {
    const reports = new HubPlacementReports({ outbox, logger: captureLogger().logger });
    reports.welcomed(5);
    reports.onStatus(FLUX_KINDS.HelmRelease, release, status, failed);
    await reports.flushed();
    expect(outbox.pending()).toEqual([]);

    reports.welcomed(6);
    await reports.flushed();
    const [batch] = outbox.pending();
    expect(batch).toMatchObject({
      type: 'status',
      items: [
        {
          kind: 'HelmRelease',
          origin: 'hub',
          namespace: 'flotilla-system',
          name: 'demo',
          observedGeneration: 2,
          revision: '1.0.0',
          lastAttemptedRevision: '1.0.0',
          conditions: [{ type: 'Ready', status: 'False', reason: 'InstallFailed' }],
          helm: { history: [{ version: 1, status: 'failed', chartVersion: '1.0.0' }], lastAttemptedReleaseAction: 'install', failures: 1, installFailures: 1 },
        },
      ],
    });
  });

  it('on a v6 connection: each status with its events (kind HelmRelease), and a deleted item once the release is gone from the cluster', async () => {
    const reports = new HubPlacementReports({ outbox, logger: captureLogger().logger });
    reports.welcomed(6);
    reports.onStatus(FLUX_KINDS.HelmRelease, release, status, failed);
    await reports.flushed();
    expect(outbox.pending().map((b) => b.type)).toEqual(['status', 'events']);
    expect(outbox.pending()[1]).toMatchObject({ items: [{ involvedObject: { kind: 'HelmRelease', namespace: 'flotilla-system', name: 'demo' }, severity: 'error', reason: 'InstallFailed' }] });
    reports.onDeleted(FLUX_KINDS.HelmRelease, release);
    await reports.flushed();
    // The outbox keeps the newest status item of an object: the deletion replaces the status not yet sent.
    const batches = outbox.pending();
    expect(batches.map((b) => b.type)).toEqual(['events', 'status']);
    expect(batches[1]).toMatchObject({ items: [{ kind: 'HelmRelease', origin: 'hub', namespace: 'flotilla-system', name: 'demo', deleted: true }] });
    // Gone: not sent again after the next welcome.
    reports.welcomed(6);
    await reports.flushed();
    expect(outbox.pending()).toHaveLength(2);
  });

  it('sends the objects of the current release as the HelmRelease’s inventory (origin hub) when they change, and again after a v6 welcome', async () => {
    let entries = [{ id: 'flotilla-system_demo__ConfigMap', v: 'v1' }];
    const asked: unknown[] = [];
    const helmReleases = {
      inventory: (s: Record<string, unknown> | undefined) => {
        asked.push(s);
        return Promise.resolve(entries);
      },
      forget: () => undefined,
    };
    const reports = new HubPlacementReports({ outbox, logger: captureLogger().logger, helmReleases });
    reports.welcomed(5);
    reports.onStatus(FLUX_KINDS.HelmRelease, release, status, failed);
    await reports.flushed();
    // Read from the status helm-controller wrote (history, storage namespace), kept, but not sent to a v5 hub.
    expect(asked).toEqual([status]);
    expect(outbox.pending()).toEqual([]);

    reports.welcomed(6);
    await reports.flushed();
    expect(outbox.pending().map((b) => b.type)).toEqual(['status', 'inventory']);
    expect(outbox.pending()[1]).toMatchObject({ items: [{ kind: 'HelmRelease', origin: 'hub', namespace: 'flotilla-system', name: 'demo', entries }] });

    const ackAll = () => outbox.ack(Math.max(...outbox.pending().map((b) => b.seq)));
    await ackAll();
    // Unchanged: status only.
    reports.onStatus(FLUX_KINDS.HelmRelease, release, status, []);
    await reports.flushed();
    expect(outbox.pending().map((b) => b.type)).toEqual(['status']);
    await ackAll();
    entries = [...entries, { id: 'flotilla-system_demo_apps_Deployment', v: 'v1' }];
    reports.onStatus(FLUX_KINDS.HelmRelease, release, status, []);
    await reports.flushed();
    expect(outbox.pending().map((b) => b.type)).toEqual(['status', 'inventory']);
    expect(outbox.pending()[1]).toMatchObject({ items: [{ kind: 'HelmRelease', entries }] });
  });
});
