import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runHelm, startCluster, type TestCluster } from '@flotilla/testenv';
import type { HelmReleaseRevisions, HelmReleaseRevisionsResult } from '@flotilla/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { FluxObject } from '../controller/kind-reconciler.js';
import { ResourceManager } from '../k8s/resource-manager.js';
import { namespace, randomName } from '../k8s/testing/fixtures.js';
import { HelmRevisionReader } from './helm-revision-reader.js';

// The agent's answer to the hub's helmrelease.revisions against a real API server: a chart installed and upgraded
// with the real helm (different values each time), both revisions read back as `helm get values/manifest
// --revision N` print them, with the Secret's data and credential-looking values masked.

const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: revdemo\nversion: 0.1.0\nappVersion: "1.0"\n',
  'templates/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: revdemo-db
stringData:
  password: {{ .Values.db.password | quote }}
data:
  fixed: {{ "same-in-both" | b64enc }}
`,
  'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: revdemo-config
data:
  message: {{ .Values.message | quote }}
  apiToken: {{ .Values.apiToken | quote }}
`,
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: revdemo-web
spec:
  replicas: {{ .Values.replicas }}
  selector: { matchLabels: { app: revdemo } }
  template:
    metadata: { labels: { app: revdemo } }
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
          env:
            - name: DB_PASSWORD
              value: {{ .Values.db.password | quote }}
            - name: GREETING
              value: {{ .Values.message | quote }}
          volumeMounts: [{ name: db, mountPath: /db }]
      volumes:
        - name: db
          secret: { secretName: revdemo-db }
`,
};
const VALUES = [
  { message: 'hello', replicas: 1, apiToken: 'tok-unchanged-1', db: { password: 'hunter2-first' } },
  { message: 'bye', replicas: 2, apiToken: 'tok-unchanged-1', db: { password: 'hunter3-second' } },
];
const SECRETS = ['hunter2-first', 'hunter3-second', 'tok-unchanged-1', 'same-in-both', Buffer.from('same-in-both').toString('base64')];

let cluster: TestCluster;
let rm: ResourceManager;
let dir: string;
let ns: string;
let reader: HelmRevisionReader;
const owner = { namespace: 'flux-system', name: 'revdemo' };
const releaseName = () => `${ns}-revdemo`;
const request = (from: number, to: number, over: Partial<HelmReleaseRevisions> = {}): HelmReleaseRevisions => ({ requestId: 'req-12345678', owner: { kind: 'HelmRelease', ...owner }, from, to, ...over });
type Ok = Extract<HelmReleaseRevisionsResult, { ok: true }>;
const ok = (r: HelmReleaseRevisionsResult): Ok => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
};
const objects = (manifest: string) => parseAllDocuments(manifest).map((d) => d.toJS() as { kind: string; data?: Record<string, string>; stringData?: Record<string, string>; spec?: unknown });
const byKind = (manifest: string, kind: string) => objects(manifest).find((o) => o.kind === kind)!;

beforeAll(async () => {
  cluster = await startCluster({ name: 'helm-revisions' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  ns = randomName('hrev');
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'helm-revisions-'));
  for (const [file, text] of Object.entries(CHART)) {
    await fs.mkdir(path.dirname(path.join(dir, 'chart', file)), { recursive: true });
    await fs.writeFile(path.join(dir, 'chart', file), text);
  }
  for (const [i, values] of VALUES.entries()) {
    await fs.writeFile(path.join(dir, `values-${i}.yaml`), JSON.stringify(values));
    await runHelm(['upgrade', '--install', releaseName(), path.join(dir, 'chart'), '-n', ns, '--values', path.join(dir, `values-${i}.yaml`)], { kubeconfig: cluster.kubeconfigPath });
  }
  // As the controller runtime holds it: the release goes to the target namespace, named <targetNamespace>-<name>.
  const helmRelease = (namespace: string, name: string): FluxObject | undefined =>
    namespace === owner.namespace && name === owner.name ? { metadata: { namespace, name }, spec: { targetNamespace: ns } } : undefined;
  reader = new HelmRevisionReader({ kube: rm.client, helmRelease });
}, 120_000);

afterAll(async () => {
  rm?.close();
  await cluster?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const helmGet = async (what: 'values' | 'manifest', revision: number): Promise<string> =>
  (await runHelm(['get', what, releaseName(), '-n', ns, '--revision', String(revision), ...(what === 'values' ? ['-o', 'yaml'] : [])], { kubeconfig: cluster.kubeconfigPath })).stdout;

describe('HelmRevisionReader', () => {
  it('answers both revisions as helm get values/manifest print them, with the release helm stored them under', async () => {
    const r = ok(await reader.read(request(1, 2)));
    expect(r.release).toEqual({ name: releaseName(), namespace: ns });
    expect(r.from).toMatchObject({ revision: 1, status: 'superseded', chartName: 'revdemo', chartVersion: '0.1.0', appVersion: '1.0' });
    expect(r.to).toMatchObject({ revision: 2, status: 'deployed' });
    for (const [side, revision] of [[r.from, 1], [r.to, 2]] as const) {
      // helm is the oracle: the same values and objects, but for what is masked.
      const values = parse(await helmGet('values', revision)) as (typeof VALUES)[number];
      expect(parse(side.values)).toMatchObject({ message: values.message, replicas: values.replicas });
      const manifest = await helmGet('manifest', revision);
      expect(byKind(side.manifest, 'ConfigMap').data?.message).toBe(byKind(manifest, 'ConfigMap').data?.message);
      expect(objects(side.manifest).map((o) => o.kind)).toEqual(objects(manifest).map((o) => o.kind));
      expect(side.manifest).toContain('# Source: revdemo/templates/configmap.yaml');
    }
    expect(byKind(r.from.manifest, 'Deployment').spec).toMatchObject({ replicas: 1 });
    expect(byKind(r.to.manifest, 'Deployment').spec).toMatchObject({ replicas: 2 });
  });

  it('masks the Secret’s data and credential-looking values, and marks a masked value that changed between the revisions', async () => {
    const r = ok(await reader.read(request(1, 2)));
    const text = JSON.stringify(r);
    for (const s of SECRETS) expect(text).not.toContain(s);
    expect(parse(r.from.values)).toEqual({ apiToken: '***', db: { password: '*** (before)' }, message: 'hello', replicas: 1 });
    expect(parse(r.to.values)).toEqual({ apiToken: '***', db: { password: '*** (after)' }, message: 'bye', replicas: 2 });
    // The Secret keeps its keys; the value that changed says so on each side, the one that did not is plain ***.
    expect(byKind(r.from.manifest, 'Secret')).toMatchObject({ stringData: { password: '*** (before)' }, data: { fixed: '***' } });
    expect(byKind(r.to.manifest, 'Secret')).toMatchObject({ stringData: { password: '*** (after)' }, data: { fixed: '***' } });
    expect(byKind(r.to.manifest, 'ConfigMap').data).toEqual({ message: 'bye', apiToken: '***' });
    // An environment variable named like a credential is masked; a reference to a Secret by name is not.
    expect(r.to.manifest).toMatch(/name: DB_PASSWORD\s+value: "\*\*\* \(after\)"/);
    expect(r.to.manifest).toMatch(/name: GREETING\s+value: "bye"/);
    expect(r.to.manifest).toContain('secretName: revdemo-db');
  });

  it('says when the revision does not exist and when the HelmRelease is not in the cluster', async () => {
    const missing = await reader.read(request(1, 9));
    expect(missing).toMatchObject({ ok: false, code: 'REVISION_NOT_FOUND' });
    expect(!missing.ok && missing.message).toContain('has no revision 9');
    expect(await reader.read(request(1, 2, { owner: { kind: 'HelmRelease', namespace: 'flux-system', name: 'other' } }))).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});
