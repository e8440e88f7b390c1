import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inventoryId, objectRef } from '@flotilla/reconcile-core';
import { runHelm, startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeClient, KubeRequest } from '../k8s/kube-client.js';
import { ResourceManager } from '../k8s/resource-manager.js';
import { namespace, randomName } from '../k8s/testing/fixtures.js';
import type { ObjectRead } from '@flotilla/protocol';
import { captureLogger } from '../testing/capture-logger.js';
import { applyChartCrds } from '../controller/kinds/helm-release/chart-crds.js';
import { HelmReleaseInventoryReader } from './helm-release-inventory.js';
import { LastBuilds } from './last-builds.js';
import { ObjectReader } from './object-reader.js';

// A HelmRelease's objects read back from helm's storage against a real API server: a chart installed and
// upgraded with the real helm, the inventory of each revision compared with what `helm get manifest` prints.

const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: invdemo\nversion: 0.1.0\n',
  'templates/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: invdemo-db
stringData:
  password: {{ .Values.password | quote }}
`,
  'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: invdemo-config
  namespace: {{ .Values.configNamespace }}
data:
  message: hello
`,
  'templates/clusterrole.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ .Release.Namespace }}:invdemo-reader
rules: []
`,
  'templates/extra.yaml': `{{- if .Values.extra }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: invdemo-extra
{{- end }}
`,
};

let cluster: TestCluster;
let rm: ResourceManager;
let dir: string;
let ns: string;
let other: string;
let reader: HelmReleaseInventoryReader;
const releaseName = () => `${ns}-invdemo`;
/** The status helm-controller writes: the storage namespace and the latest release first in the history. */
const statusAt = (version: number, digest?: string) => ({ storageNamespace: ns, history: [{ name: releaseName(), namespace: ns, version, status: 'deployed', ...(digest ? { digest } : {}) }] });

const install = async (values: Record<string, unknown>) => {
  const file = path.join(dir, `values-${randomName('v')}.yaml`);
  await fs.writeFile(file, JSON.stringify(values));
  await runHelm(['upgrade', '--install', releaseName(), path.join(dir, 'chart'), '-n', ns, '--values', file], { kubeconfig: cluster.kubeconfigPath });
};

/** The ids `flux tree` would print for a revision, from helm's own output: namespaced objects in the release's namespace. */
const helmIds = async (revision: number): Promise<string[]> => {
  const manifest = (await runHelm(['get', 'manifest', releaseName(), '-n', ns, '--revision', String(revision)], { kubeconfig: cluster.kubeconfigPath })).stdout;
  return parseAllDocuments(manifest)
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((o): o is Record<string, unknown> => o !== null)
    .map((o) => {
      const ref = objectRef(o);
      if (!ref.ok) throw new Error('helm printed an object without kind or name');
      return inventoryId({ ...ref.value, namespace: ref.value.namespace || (ref.value.kind === 'ClusterRole' ? '' : ns) });
    });
};

beforeAll(async () => {
  cluster = await startCluster({ name: 'helm-inventory' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  ns = randomName('hinv');
  other = randomName('hinv-other');
  expect((await rm.apply([namespace(ns), namespace(other)])).errors).toEqual([]);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'helm-inventory-'));
  for (const [file, text] of Object.entries(CHART)) {
    await fs.mkdir(path.dirname(path.join(dir, 'chart', file)), { recursive: true });
    await fs.writeFile(path.join(dir, 'chart', file), text);
  }
  await install({ password: 'hunter2-first', configNamespace: other, extra: false });
  await install({ password: 'hunter3-second', configNamespace: other, extra: true });
  reader = new HelmReleaseInventoryReader(rm.client);
}, 120_000);

afterAll(async () => {
  rm?.close();
  await cluster?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('HelmReleaseInventoryReader', () => {
  it('lists the objects of the current release in Flux’s id format: the release namespace for namespaced objects without one, none for cluster-scoped ones', async () => {
    const entries = await reader.inventory(statusAt(1));
    expect(entries?.map((e) => e.id).sort()).toEqual((await helmIds(1)).sort());
    expect(entries).toEqual(
      expect.arrayContaining([
        { id: `${ns}_invdemo-db__Secret`, v: 'v1' },
        // The chart's own namespace stays; RBAC names keep `:` as `__`, as Flux writes them.
        { id: `${other}_invdemo-config__ConfigMap`, v: 'v1' },
        { id: `_${ns}__invdemo-reader_rbac.authorization.k8s.io_ClusterRole`, v: 'v1' },
      ]),
    );
    expect(entries).toHaveLength(3);
  });

  it('follows the latest release: the upgrade’s new object is in the inventory of revision 2', async () => {
    const entries = await reader.inventory(statusAt(2));
    expect(entries?.map((e) => e.id).sort()).toEqual((await helmIds(2)).sort());
    expect(entries).toContainEqual({ id: `${ns}_invdemo-extra__ServiceAccount`, v: 'v1' });
    expect(entries).toHaveLength(4);
  });

  it('lists the chart’s CRDs that carry the HelmRelease’s origin labels after the manifest’s objects, only when install.crds or upgrade.crds is a policy other than Skip (flux tree’s rule)', async () => {
    // The agent applies a chart's crds/ before helm runs and marks each CRD with the HelmRelease's origin labels
    // (helm-controller's rule); here the same function applies them from a packaged chart with such a directory.
    const group = `${ns.replaceAll('-', '')}.flotilla.test`;
    const crdDoc = (plural: string, kind: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${plural}.${group}\nspec:\n  group: ${group}\n  scope: Namespaced\n  names: { kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()} }\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }\n`;
    const chartDir = path.join(dir, 'with-crds');
    await fs.mkdir(path.join(chartDir, 'crds'), { recursive: true });
    await fs.writeFile(path.join(chartDir, 'Chart.yaml'), 'apiVersion: v2\nname: withcrds\nversion: 0.1.0\n');
    await fs.writeFile(path.join(chartDir, 'crds', 'gears.yaml'), crdDoc('gears', 'Gear'));
    await fs.writeFile(path.join(chartDir, 'crds', 'cogs.yaml'), crdDoc('cogs', 'Cog'));
    await runHelm(['package', chartDir, '--destination', dir]);
    const origin = { namespace: 'flux-system', name: 'invdemo' };
    expect(await applyChartCrds(rm.client, path.join(dir, 'withcrds-0.1.0.tgz'), 'Create', origin)).toBeUndefined();
    const gear = await rm.client.request({ method: 'GET', path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gears.${group}` });
    expect((gear.body as { metadata: { labels: Record<string, string> } }).metadata.labels).toMatchObject({ 'helm.toolkit.fluxcd.io/name': 'invdemo', 'helm.toolkit.fluxcd.io/namespace': 'flux-system' });

    const crdIds = [`_cogs.${group}_apiextensions.k8s.io_CustomResourceDefinition`, `_gears.${group}_apiextensions.k8s.io_CustomResourceDefinition`];
    const withCrds = await reader.inventory(statusAt(2), { ...origin, spec: { install: { crds: 'Create' } } });
    const ids = withCrds?.map((e) => e.id) ?? [];
    expect(ids.slice(0, -2).sort()).toEqual((await helmIds(2)).sort());
    expect(ids.slice(-2)).toEqual(crdIds);
    expect(withCrds).toContainEqual({ id: crdIds[0], v: 'v1' });
    expect((await reader.inventory(statusAt(2), { ...origin, spec: { upgrade: { crds: 'CreateReplace' } } }))?.map((e) => e.id)).toEqual(expect.arrayContaining(crdIds));
    // No policy set (helm-controller then creates them, but flux tree does not look), Skip, or another HelmRelease: none.
    for (const [owner, spec] of [[origin, {}], [origin, { install: { crds: 'Skip' }, upgrade: { crds: 'Skip' } }], [{ ...origin, name: 'other' }, { install: { crds: 'Create' } }]] as const) {
      expect((await reader.inventory(statusAt(2), { ...owner, spec }))?.map((e) => e.id).sort()).toEqual((await helmIds(2)).sort());
    }
  });

  it('carries ids only: nothing of the Secret the release renders', async () => {
    const text = JSON.stringify(await reader.inventory(statusAt(2)));
    for (const secret of ['hunter2-first', 'hunter3-second', 'password']) expect(text).not.toContain(secret);
  });

  it('is empty for a HelmRelease with no release yet or one whose record helm no longer keeps', async () => {
    expect(await reader.inventory({})).toEqual([]);
    expect(await reader.inventory({ storageNamespace: ns, history: [] })).toEqual([]);
    expect(await reader.inventory(statusAt(9))).toEqual([]);
  });

  it('reads a release record again only when the latest history entry names another version or digest', async () => {
    let reads = 0;
    const counting = Object.assign(Object.create(rm.client) as KubeClient, {
      request: (req: KubeRequest) => {
        if (req.path.includes('/secrets/sh.helm.release.v1.')) reads++;
        return rm.client.request(req);
      },
    });
    const cached = new HelmReleaseInventoryReader(counting);
    let at = performance.now();
    const first = await cached.inventory(statusAt(1, 'sha256:one'));
    const readMs = performance.now() - at;
    at = performance.now();
    expect(await cached.inventory(statusAt(1, 'sha256:one'))).toEqual(first);
    console.log(`release inventory: read and parsed in ${readMs.toFixed(1)} ms, kept in ${(performance.now() - at).toFixed(2)} ms`);
    expect(reads).toBe(1);
    expect(await cached.inventory(statusAt(2, 'sha256:two'))).toHaveLength(4);
    expect(reads).toBe(2);
    // Forgotten (its HelmRelease is gone): read again.
    cached.forget(statusAt(2, 'sha256:two'));
    await cached.inventory(statusAt(2, 'sha256:two'));
    expect(reads).toBe(3);
    // No digest to tell records apart: read every time.
    await cached.inventory(statusAt(2));
    await cached.inventory(statusAt(2));
    expect(reads).toBe(5);
  });

  it('answers the hub’s object.read for a HelmRelease owner: an object of its current release live and as the release rendered it (helm-controller’s drift rule: the stored manifest), Secrets redacted on both sides; nothing outside the release', async () => {
    const hr = { metadata: { namespace: 'flux-system', name: 'invdemo' }, status: statusAt(2, 'sha256:two') };
    const objects = new ObjectReader({
      resources: rm,
      builds: new LastBuilds(),
      kustomization: () => undefined,
      helmRelease: (namespace, name) => (namespace === 'flux-system' && name === 'invdemo' ? hr : undefined),
      helmReleases: reader,
      logger: captureLogger().logger,
    });
    const owner = { kind: 'HelmRelease' as const, namespace: 'flux-system', name: 'invdemo' };
    const read = (target: ObjectRead['target'], o: ObjectRead['owner'] = owner) => objects.read({ requestId: 'req-12345678', owner: o, target });
    const secret = await read({ group: '', kind: 'Secret', namespace: ns, name: 'invdemo-db' });
    if (!secret.ok) throw new Error(secret.message);
    expect(secret.live?.metadata).toMatchObject({ name: 'invdemo-db', namespace: ns });
    // A Secret is shown as rendered, its values redacted: nothing of the password leaves the agent.
    expect(secret.desired).toMatchObject({ kind: 'Secret', metadata: { name: 'invdemo-db', namespace: ns } });
    expect(JSON.stringify(secret)).not.toContain('hunter3-second');
    expect(JSON.stringify(secret)).not.toContain(Buffer.from('hunter3-second').toString('base64'));
    // A kubectl edit of an object of the release: live shows it, the desired side is the rendered object after a
    // server-side dry-run (server defaults included), so the diff shows the edit only.
    const config = { group: '', kind: 'ConfigMap', namespace: other, name: 'invdemo-config' };
    const before = await read(config);
    if (!before.ok) throw new Error(before.message);
    expect(before.desired?.data).toEqual(before.live?.data);
    expect(before.desired?.metadata).toMatchObject({ name: 'invdemo-config', namespace: other });
    await rm.client.request({ method: 'PATCH', path: `/api/v1/namespaces/${other}/configmaps/invdemo-config`, query: { fieldManager: 'intruder' }, contentType: 'application/merge-patch+json', body: { data: { message: 'edited' } } });
    const after = await read(config);
    if (!after.ok) throw new Error(after.message);
    expect(after.live?.data).toEqual({ message: 'edited' });
    expect(after.desired?.data).toEqual({ message: 'hello' });
    const role = await read({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${ns}:invdemo-reader` });
    expect(role).toMatchObject({ ok: true, live: { kind: 'ClusterRole' } });
    expect(await read({ group: '', kind: 'ConfigMap', namespace: 'kube-system', name: 'kube-root-ca.crt' })).toMatchObject({ ok: false, code: 'NOT_IN_INVENTORY' });
    expect(await read({ group: '', kind: 'Secret', namespace: ns, name: 'invdemo-db' }, { ...owner, name: 'other' })).toMatchObject({
      ok: false,
      code: 'NOT_IN_INVENTORY',
      message: 'HelmRelease flux-system/other is not in this cluster',
    });
  });
});
