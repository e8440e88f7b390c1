import { describe, expect, it } from 'vitest';
import { parseMessage } from '../parse-message.js';
import { MAX_ENTRY_HEALTH_MESSAGE, MAX_ENTRY_IMAGES } from '../messages/reports.js';
import { isWorkload, workloadImages } from './workload-images.js';

const template = (spec: object) => ({ spec: { template: { spec } } });

describe('workloadImages', () => {
  it('lists init containers then containers, each image once, and leaves ephemeral containers out', () => {
    const obj = template({
      initContainers: [{ name: 'migrate', image: 'ghcr.io/org/app:1.2.0' }],
      containers: [
        { name: 'web', image: 'nginx:1.25.3' },
        { name: 'sidecar', image: 'ghcr.io/org/app:1.2.0' },
      ],
      ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }],
    });
    expect(workloadImages('Deployment', obj)).toEqual(['ghcr.io/org/app:1.2.0', 'nginx:1.25.3']);
  });

  it('reads a Pod’s own spec and a CronJob’s job template', () => {
    expect(workloadImages('Pod', { spec: { containers: [{ image: 'redis@sha256:' + 'a'.repeat(64) }] } })).toEqual([
      'redis@sha256:' + 'a'.repeat(64),
    ]);
    const cron = { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ image: 'alpine:3.20' }] } } } } } };
    expect(workloadImages('CronJob', cron)).toEqual(['alpine:3.20']);
  });

  it('skips what is not an image reference and keeps at most the protocol’s bound', () => {
    expect(workloadImages('Job', template({ containers: [{ image: 'bad image' }, { image: 7 }, {}] }))).toEqual([]);
    expect(workloadImages('Deployment', { spec: 'nonsense' })).toEqual([]);
    const many = template({ containers: Array.from({ length: 100 }, (_, i) => ({ image: `app:${i}` })) });
    expect(workloadImages('StatefulSet', many)).toHaveLength(MAX_ENTRY_IMAGES);
  });

  it('knows the workload kinds by group and kind', () => {
    expect(isWorkload('apps', 'Deployment')).toBe(true);
    expect(isWorkload('', 'Pod')).toBe(true);
    expect(isWorkload('batch', 'CronJob')).toBe(true);
    expect(isWorkload('', 'Deployment')).toBe(false);
    expect(isWorkload('', 'ConfigMap')).toBe(false);
  });
});

describe('inventory entries with images', () => {
  const batch = (images: unknown) => ({ seq: 1, items: [{ namespace: 'n', name: 'a', entries: [{ id: 'n_web_apps_Deployment', v: 'v1', images }] }] });

  it('accepts a bounded list of image references', () => {
    expect(parseMessage('inventory', batch(['nginx:1.25.3'])).ok).toBe(true);
    expect(parseMessage('inventory', { seq: 1, items: [{ namespace: 'n', name: 'a', entries: [{ id: 'n_c_apps_Deployment', v: 'v1' }] }] }).ok).toBe(true);
  });

  it('refuses too many images, an over-long one, and one with spaces', () => {
    expect(parseMessage('inventory', batch(Array.from({ length: MAX_ENTRY_IMAGES + 1 }, (_, i) => `a:${i}`))).ok).toBe(false);
    expect(parseMessage('inventory', batch(['a'.repeat(513)])).ok).toBe(false);
    expect(parseMessage('inventory', batch(['nginx 1.25'])).ok).toBe(false);
  });
});

describe('inventory entries with health', () => {
  const batch = (health: unknown) => ({ seq: 1, items: [{ namespace: 'n', name: 'a', entries: [{ id: 'n_web_apps_Deployment', v: 'v1', health }] }] });

  it('accepts a kstatus status with a bounded message', () => {
    const ok = parseMessage('inventory', batch({ status: 'InProgress', message: 'Ready: 1/3' }));
    expect(ok.ok && ok.message.items[0]!.entries[0]!.health).toEqual({ status: 'InProgress', message: 'Ready: 1/3' });
    expect(parseMessage('inventory', batch({ status: 'Current' })).ok).toBe(true);
  });

  it('refuses a status kstatus does not have and an over-long message', () => {
    expect(parseMessage('inventory', batch({ status: 'Healthy' })).ok).toBe(false);
    expect(parseMessage('inventory', batch({ status: 'Failed', message: 'x'.repeat(MAX_ENTRY_HEALTH_MESSAGE + 1) })).ok).toBe(false);
  });
});
