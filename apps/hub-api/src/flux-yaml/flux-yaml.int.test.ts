import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { EVERY_KUSTOMIZATION_FIELD } from '@flotilla/protocol/flux/testing';
import { binaryPath, FLUX_API_ONLY_CONTROLLERS, fluxApiModuleCrds, makeTempDir, startCluster, startPostgres, upstreamFluxCrds, type TestCluster, type TestPostgres } from '@flotilla/testenv';
import { HubEvents } from '../common/hub-events.js';
import { TestHub, type Session } from '../../test/hub-harness.js';

const run = promisify(execFile);

const IMPORT = `mutation($yaml: String!, $dryRun: Boolean) { importFluxYaml(yaml: $yaml, dryRun: $dryRun) {
  applied objects { kind namespace name action document placement { clusterSelector clusterNames } notes } problems { document line kind name field message } } }`;
const EXPORT = 'query($kind: String, $namespace: String, $name: String) { exportFluxYaml(kind: $kind, namespace: $namespace, name: $name) }';

interface ImportResult {
  applied: boolean;
  objects: { kind: string; namespace: string; name: string; action: string; document: number; placement: { clusterSelector: string | null; clusterNames: string[] } | null; notes: string[] }[];
  problems: { document: number; line: number; kind: string | null; name: string | null; field: string | null; message: string }[];
}

/** The corpus of Flux's documented examples, and a Kustomization with every field Flux's v1 has. */
async function corpus(): Promise<string> {
  const docs = await readFile(path.join(import.meta.dirname, 'testdata/corpus.yaml'), 'utf8');
  const every = stringify({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'every-field', namespace: 'flotilla-system', labels: { team: 'shop' }, annotations: { 'placement.flotilla.dev/clusters': 'edge-1' } },
    spec: EVERY_KUSTOMIZATION_FIELD,
  });
  return `${docs}---\n${every}`;
}

describe('Flux YAML import and export (real Postgres)', () => {
  let pg: TestPostgres;
  let hub: TestHub;
  let operator: Session;
  let admin: Session;
  let viewer: Session;

  // An admin imports: the notification kinds are written by admins only (an operator's refusal is tested below).
  const importYaml = async (yaml: string, dryRun = false, as: Session = admin): Promise<ImportResult> => {
    const r = await hub.gql<{ importFluxYaml: ImportResult }>(as, IMPORT, { yaml, dryRun });
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.importFluxYaml;
  };
  const exportYaml = async (vars: Record<string, string | null> = {}, on: TestHub = hub, as: Session = operator): Promise<string> => {
    const r = await on.gql<{ exportFluxYaml: string }>(as, EXPORT, vars);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.exportFluxYaml;
  };
  const counts = async () => {
    const r = await hub.gql<
      Record<
        | 'gitRepositories'
        | 'kustomizations'
        | 'ociRepositories'
        | 'helmRepositories'
        | 'helmReleases'
        | 'imageRepositories'
        | 'imagePolicies'
        | 'imageUpdateAutomations'
        | 'notificationProviders'
        | 'alerts'
        | 'receivers',
        unknown[]
      >
    >(
      operator,
      '{ gitRepositories { id } kustomizations { id } ociRepositories { id } helmRepositories { id } helmReleases { id } imageRepositories { id } imagePolicies { id } imageUpdateAutomations { id } notificationProviders { id } alerts { id } receivers { id } }',
    );
    const d = r.data!;
    return {
      git: d.gitRepositories.length,
      ks: d.kustomizations.length,
      oci: d.ociRepositories.length,
      helm: d.helmRepositories.length + d.helmReleases.length,
      images: d.imageRepositories.length + d.imagePolicies.length + d.imageUpdateAutomations.length,
      notifications: d.notificationProviders.length + d.alerts.length + d.receivers.length,
    };
  };
  const NOTHING = { git: 0, ks: 0, oci: 0, helm: 0, images: 0, notifications: 0 };

  beforeAll(async () => {
    pg = await startPostgres();
    hub = await TestHub.start(await pg.createDatabase());
    operator = await hub.login('operator');
    admin = await hub.login('admin');
    viewer = await hub.login('viewer');
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await pg?.stop();
  });

  it('a bad document is reported by name and line, and nothing of the text is created (validate all first)', async () => {
    const text = [
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: good\nspec:\n  url: https://example.com/a.git\n  interval: 1m\n',
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata:\n  name: chart\nspec: {}\n',
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: typo\nspec:\n  url: https://example.com/a.git\n  intervall: 1m\n',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ks\nspec:\n  sourceRef:\n    kind: GitRepository\n    name: good\n  path: ./\n  prune: true\n  interval: 1m\n  bogus: 1\n',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ks2\nspec:\n  sourceRef:\n    kind: GitRepository\n    name: good\n  path: ./\n  prune: true\n  interval: 1 minute\n',
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: creds\nspec:\n  url: https://example.com/a.git\n  interval: 1m\n  secretRef:\n    name: x\n',
    ].join('---\n');
    const r = await importYaml(text);
    expect(r.applied).toBe(false);
    expect(r.problems.map(({ document, line, kind, name, field }) => ({ document, line, kind, name, field }))).toEqual([
      { document: 2, line: 10, kind: 'HelmChart', name: 'chart', field: 'kind' },
      { document: 3, line: 21, kind: 'GitRepository', name: 'typo', field: 'spec.intervall' },
      { document: 4, line: 34, kind: 'Kustomization', name: 'ks', field: 'spec.bogus' },
      { document: 5, line: 46, kind: 'Kustomization', name: 'ks2', field: 'spec.interval' },
      { document: 6, line: 55, kind: 'GitRepository', name: 'creds', field: 'spec.secretRef' },
    ]);
    expect(r.problems[0]!.message).toContain('unknown kind "HelmChart"');
    expect(r.problems[1]!.message).toContain('unknown field "intervall"');
    expect(r.problems[2]!.message).toContain('unknown field "bogus"');
    expect(await counts()).toEqual(NOTHING);
  });

  it('a Kustomization’s CEL expressions are checked on import (Flux: InvalidCELExpression), the CEL runtime loaded for them; nothing created', async () => {
    const ks = (name: string, extra: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\nspec:\n  sourceRef:\n    kind: GitRepository\n    name: good\n  path: ./\n  prune: true\n  interval: 1m\n${extra}`;
    const bad = await importYaml(ks('ready', '  dependsOn:\n    - name: infra\n      readyExpr: "dep.status.("\n'));
    expect(bad.applied).toBe(false);
    expect(bad.problems.map(({ kind, name, field }) => ({ kind, name, field }))).toEqual([{ kind: 'Kustomization', name: 'ready', field: 'spec.dependsOn.0.readyExpr' }]);
    expect(bad.problems[0]!.message).toMatch(/failed to parse the CEL expression/);
    const good = await importYaml(ks('health', '  healthCheckExprs:\n    - apiVersion: example.com/v1\n      kind: Widget\n      current: status.ready == true\n'), true);
    expect(good.problems).toEqual([]);
    expect(good.objects.map((o) => o.name)).toEqual(['health']);
    expect(await counts()).toEqual(NOTHING);
  });

  it('the writes are one database transaction: a failure after the checks (a trigger refusing the Kustomization) leaves nothing of the text and sends no event; the same text then imports whole', async () => {
    const text = [
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: tx-first\nspec:\n  url: https://example.com/tx.git\n  interval: 1m\n',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: boom\nspec:\n  sourceRef:\n    kind: GitRepository\n    name: tx-first\n  path: ./\n  prune: true\n  interval: 1m\n',
    ].join('---\n');
    const events = hub.hub.app.get(HubEvents);
    const seen: string[] = [];
    const offs = [events.on('source.changed', () => seen.push('source.changed')), events.on('kustomization.changed', () => seen.push('kustomization.changed'))];
    try {
      await hub.sql(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.name = 'boom' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
      await hub.sql('CREATE TRIGGER refuse_boom BEFORE INSERT ON kustomizations FOR EACH ROW EXECUTE FUNCTION refuse_boom()');
      const failed = await hub.gql<{ importFluxYaml: ImportResult }>(admin, IMPORT, { yaml: text });
      expect(failed.data?.importFluxYaml ?? null).toBeNull();
      expect(failed.errors?.length).toBeGreaterThan(0);
      expect(await counts()).toEqual(NOTHING);
      expect(await hub.sql("SELECT action FROM audit_entries WHERE action IN ('gitRepository.create', 'kustomization.create')")).toEqual([]);
      expect(seen).toEqual([]);
    } finally {
      await hub.sql('DROP TRIGGER IF EXISTS refuse_boom ON kustomizations');
      await hub.sql('DROP FUNCTION IF EXISTS refuse_boom()');
    }
    try {
      const r = await importYaml(text);
      expect(r.applied).toBe(true);
      expect(await counts()).toMatchObject({ git: 1, ks: 1 });
      expect(seen).toEqual(expect.arrayContaining(['source.changed', 'kustomization.changed']));
    } finally {
      for (const off of offs) off();
      const ks = (await hub.gql<{ kustomizations: { id: string }[] }>(admin, '{ kustomizations { id } }')).data!.kustomizations;
      for (const k of ks) await hub.gql(admin, 'mutation($id: ID!) { deleteKustomization(id: $id) }', { id: k.id });
      const git = (await hub.gql<{ gitRepositories: { id: string }[] }>(admin, '{ gitRepositories { id } }')).data!.gitRepositories;
      for (const g of git) await hub.gql(admin, 'mutation($id: ID!) { deleteGitRepository(id: $id) }', { id: g.id });
    }
    expect(await counts()).toEqual(NOTHING);
  });

  it('YAML that does not parse, a duplicate object and a placement on a source are reported with their lines', async () => {
    const bad = await importYaml('apiVersion: v1\nkind: [unclosed\n');
    expect(bad.problems).toEqual([expect.objectContaining({ document: 1, line: 3, message: expect.stringContaining('not YAML') })]);
    const doc = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: twice\nspec:\n  url: https://example.com/a.git\n';
    const dup = await importYaml(`${doc}---\n${doc}`);
    expect(dup.problems).toEqual([expect.objectContaining({ document: 2, line: 11, field: 'metadata.name', message: expect.stringContaining('twice') })]);
    const placed = await importYaml(
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: src\n  annotations:\n    placement.flotilla.dev/clusters: a\nspec:\n  url: https://example.com/a.git\n',
    );
    expect(placed.problems).toEqual([expect.objectContaining({ line: 6, field: 'metadata.annotations.placement.flotilla.dev/clusters' })]);
    const badSelector = await importYaml(
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: k\n  annotations:\n    placement.flotilla.dev/cluster-selector: "env in (a"\nspec:\n  sourceRef: {kind: GitRepository, name: x}\n  path: ./\n  prune: true\n  interval: 1m\n',
    );
    expect(badSelector.problems).toEqual([expect.objectContaining({ line: 6, field: 'metadata.annotations.placement.flotilla.dev/cluster-selector' })]);
    const badLabel = await importYaml(
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: lbl\n  labels:\n    "-bad": x\nspec:\n  url: https://example.com/a.git\n',
    );
    expect(badLabel.problems).toEqual([expect.objectContaining({ line: 5, field: 'metadata.labels', message: expect.stringContaining('not a valid Kubernetes label key') })]);
    expect(await counts()).toEqual(NOTHING);
  });

  it('the OCI and image kinds: an unknown field with its line, a semver range that does not compile, a forge without its token, credentials named by a secretRef, nothing created', async () => {
    const doc = (body: string) => `${body}\n`;
    const text = [
      doc('apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageRepository\nmetadata:\n  name: repo\nspec:\n  image: ghcr.io/stefanprodan/podinfo\n  interval: 5m\n  exclusionLists: []'),
      doc('apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImagePolicy\nmetadata:\n  name: pol\nspec:\n  imageRepositoryRef:\n    name: repo\n  policy:\n    semver:\n      range: ">=1.0 <<2"'),
      doc('apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageUpdateAutomation\nmetadata:\n  name: auto\n  annotations:\n    image-automation.flotilla.dev/provider: github\nspec:\n  interval: 5m\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  git:\n    commit:\n      author:\n        email: bot@example.com\n  update:\n    path: ./'),
      doc('apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: oci\nspec:\n  url: oci://ghcr.io/stefanprodan/manifests/podinfo\n  interval: 5m\n  secretRef:\n    name: regcred\n  ref:\n    tagg: latest'),
      doc('apiVersion: image.toolkit.fluxcd.io/v1alpha1\nkind: ImagePolicy\nmetadata:\n  name: old\nspec: {}'),
      doc('apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageUpdateAutomation\nmetadata:\n  name: sel\nspec:\n  interval: 5m\n  sourceRef:\n    kind: Bucket\n    name: flux-system\n  git:\n    commit:\n      author:\n        email: bot@example.com\n  policySelector:\n    matchExpressions:\n      - key: app\n        operator: Near'),
    ].join('---\n');
    const r = await importYaml(text);
    expect(r.applied).toBe(false);
    expect(r.problems.map(({ document, line, kind, name, field }) => ({ document, line, kind, name, field }))).toEqual([
      { document: 1, line: 8, kind: 'ImageRepository', name: 'repo', field: 'spec.exclusionLists' },
      { document: 2, line: 19, kind: 'ImagePolicy', name: 'pol', field: 'spec.policy.semver.range' },
      { document: 3, line: 26, kind: 'ImageUpdateAutomation', name: 'auto', field: 'metadata.annotations.image-automation.flotilla.dev/provider' },
      { document: 4, line: 46, kind: 'OCIRepository', name: 'oci', field: 'spec.secretRef' },
      { document: 4, line: 49, kind: 'OCIRepository', name: 'oci', field: 'spec.ref.tagg' },
      { document: 5, line: 51, kind: 'ImagePolicy', name: 'old', field: 'apiVersion' },
      { document: 6, line: 64, kind: 'ImageUpdateAutomation', name: 'sel', field: 'spec.sourceRef.kind' },
      { document: 6, line: 70, kind: 'ImageUpdateAutomation', name: 'sel', field: 'spec.policySelector' },
    ]);
    const messages = r.problems.map((p) => p.message);
    expect(messages[0]).toBe('spec.exclusionLists: unknown field "exclusionLists"');
    expect(messages[1]).toMatch(/^spec\.policy\.semver\.range: /);
    expect(messages[2]).toContain('needs its forge token, which is not imported');
    expect(messages[3]).toContain('credentials are not imported');
    expect(messages[4]).toBe('spec.ref.tagg: unknown field "tagg"');
    expect(messages[5]).toContain('image.toolkit.fluxcd.io/v1 or image.toolkit.fluxcd.io/v1beta2');
    expect(messages[6]).toContain('must be GitRepository (got Bucket)');
    expect(messages[7]).toContain('"Near" is not a valid label selector operator');
    expect(await counts()).toEqual(NOTHING);
  });

  it('the Helm kinds: credentials named by a secretRef, a field Flux does not define, a version range that does not parse, overlays that are not a list, a placement on a HelmRepository; nothing created', async () => {
    const text = [
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: charts\nspec:\n  url: https://charts.example.com\n  secretRef:\n    name: creds\n',
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: typo\nspec:\n  interval: 5m\n  chart:\n    spec:\n      chart: app\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n  valuez:\n    a: 1\n',
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: range\nspec:\n  interval: 5m\n  chart:\n    spec:\n      chart: app\n      version: ">=1.0 <<2"\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n',
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: overlays\n  annotations:\n    helm.flotilla.dev/values-overlays: "clusterSelector: a=b"\nspec:\n  interval: 5m\n  chart:\n    spec:\n      chart: app\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n',
      'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: placed\n  annotations:\n    placement.flotilla.dev/clusters: a\nspec:\n  url: https://charts.example.com\n',
    ].join('---\n');
    const r = await importYaml(text);
    expect(r.applied).toBe(false);
    expect(r.problems.map(({ document, line, kind, name, field }) => ({ document, line, kind, name, field }))).toEqual([
      { document: 1, line: 7, kind: 'HelmRepository', name: 'charts', field: 'spec.secretRef' },
      { document: 2, line: 22, kind: 'HelmRelease', name: 'typo', field: 'spec.valuez' },
      { document: 3, line: 34, kind: 'HelmRelease', name: 'range', field: 'spec.chart.spec.version' },
      { document: 4, line: 44, kind: 'HelmRelease', name: 'overlays', field: 'metadata.annotations.helm.flotilla.dev/values-overlays' },
      { document: 5, line: 59, kind: 'HelmRepository', name: 'placed', field: 'metadata.annotations.placement.flotilla.dev/clusters' },
    ]);
    const messages = r.problems.map((p) => p.message);
    expect(messages[0]).toContain('credentials are not imported');
    expect(messages[1]).toBe('spec.valuez: unknown field "valuez"');
    expect(messages[3]).toContain('must be a list');
    expect(messages[4]).toContain('only a Kustomization or a HelmRelease has a placement');
    expect(await counts()).toEqual(NOTHING);
  });

  it('the notification kinds: an Alert whose Provider is nowhere, Flux fields the hub does not serve, a type Flux does not define, a Receiver without its secretRef, a gcr Receiver; nothing created', async () => {
    const text = [
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: orphan\nspec:\n  providerRef:\n    name: nowhere\n  eventSources:\n  - kind: Kustomization\n    name: "*"\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: proxied\nspec:\n  type: slack\n  proxySecretRef:\n    name: proxy\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: chat\nspec:\n  type: skype\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: hook\nspec:\n  type: github\n  resources:\n  - kind: GitRepository\n    name: app\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: gcr\nspec:\n  type: gcr\n  secretRef:\n    name: gcr-token\n  interval: 1h\n  resources:\n  - kind: ImageRepository\n    name: app\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: typo\n  annotations:\n    alert.flotilla.dev/mode: sometimes\nspec:\n  providerRef:\n    name: chat\n  eventSources:\n  - kind: Kustomization\n    name: "*"\n    apiVersion: kustomize.toolkit.fluxcd.io/v1\n',
      'apiVersion: notification.toolkit.fluxcd.io/v1beta2\nkind: Provider\nmetadata:\n  name: old\nspec:\n  type: slack\n',
    ].join('---\n');
    const r = await importYaml(text);
    expect(r.applied).toBe(false);
    expect(r.problems.map(({ document, line, kind, name, field }) => ({ document, line, kind, name, field }))).toEqual([
      { document: 1, line: 7, kind: 'Alert', name: 'orphan', field: 'spec.providerRef.name' },
      { document: 2, line: 18, kind: 'Provider', name: 'proxied', field: 'spec.proxySecretRef' },
      { document: 3, line: 26, kind: 'Provider', name: 'chat', field: 'spec.type' },
      { document: 4, line: 32, kind: 'Receiver', name: 'hook', field: 'spec.secretRef' },
      { document: 5, line: 46, kind: 'Receiver', name: 'gcr', field: 'spec.interval' },
      { document: 6, line: 56, kind: 'Alert', name: 'typo', field: 'metadata.annotations.alert.flotilla.dev/mode' },
      { document: 6, line: 63, kind: 'Alert', name: 'typo', field: 'spec.eventSources.0.apiVersion' },
      { document: 7, line: 65, kind: 'Provider', name: 'old', field: 'apiVersion' },
    ]);
    const messages = r.problems.map((p) => p.message);
    expect(messages[0]).toBe('spec.providerRef.name: no Provider flotilla-system/nowhere exists or is imported');
    expect(messages[1]).toContain('secret.proxy');
    expect(messages[2]).toMatch(/^spec\.type: /);
    expect(messages[3]).toBe('spec.secretRef: is required (Flux reads the token from that Secret)');
    expect(messages[4]).toContain('only Flux’s default 10m');
    expect(messages[5]).toContain('must be every or state-change');
    expect(messages[7]).toContain('notification.toolkit.fluxcd.io/v1beta3');
    expect(await counts()).toEqual(NOTHING);

    // A gcr Receiver's audience and email are in Flux's Secret: the import refuses to make one.
    const gcr = await importYaml(
      'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: gcr\nspec:\n  type: gcr\n  secretRef:\n    name: gcr-token\n  resources:\n  - kind: ImageRepository\n    name: app\n',
    );
    expect(gcr.problems).toEqual([expect.objectContaining({ line: 6, field: 'spec.type', message: expect.stringContaining('create it at the hub') })]);
    // Only a fleet admin writes notification objects, as with their own mutations; an operator's import of one writes nothing.
    const provider = 'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: chat\nspec:\n  type: slack\n';
    const git = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: app\nspec:\n  url: https://example.com/a.git\n';
    const byOperator = await importYaml(`${git}---\n${provider}`, false, operator);
    expect(byOperator.problems).toEqual([
      expect.objectContaining({ document: 2, kind: 'Provider', field: null, message: 'a Provider is created and changed by admins of the whole fleet; you have operator on the whole fleet' }),
    ]);
    expect(await counts()).toEqual(NOTHING);
  });

  it('a viewer may export but not import', async () => {
    const r = await hub.gql(viewer, IMPORT, { yaml: '', dryRun: true });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await exportYaml({}, hub, viewer)).toBe('');
  });

  it('import → export → import is lossless over the corpus of Flux’s documented examples, placement included', async () => {
    const text = await corpus();
    const preview = await importYaml(text, true);
    expect(preview.problems).toEqual([]);
    expect(preview.applied).toBe(false);
    expect(preview.objects).toHaveLength(31);
    expect(preview.objects.find((o) => o.kind === 'HelmRelease')).toMatchObject({ action: 'create', placement: { clusterSelector: 'env=prod', clusterNames: [] } });
    expect(preview.objects.find((o) => o.name === 'apps')).toMatchObject({ action: 'create', placement: { clusterSelector: 'tier=edge', clusterNames: ['edge-1', 'edge-2'] } });
    expect(await counts()).toEqual(NOTHING);

    const applied = await importYaml(text);
    expect(applied.problems).toEqual([]);
    expect(applied.applied).toBe(true);
    expect(await counts()).toEqual({ git: 6, ks: 3, oci: 3, helm: 4, images: 7, notifications: 8 });
    // The Secrets Flux would read are named, not read: what the hub does instead is in the result.
    expect(applied.objects.find((o) => o.name === 'slack-bot')?.notes).toEqual([expect.stringContaining('the hub does not read Secret slack-bot-token; set them on the hub’s Provider')]);
    expect(applied.objects.find((o) => o.name === 'github-receiver')?.notes).toEqual([expect.stringContaining('it made a new token')]);
    expect(applied.objects.find((o) => o.name === 'podinfo' && o.kind === 'GitRepository')?.notes).toEqual([]);

    const exported = await exportYaml();
    // Every field of every corpus document is in the export, as written (Flux's defaults may be added), at the
    // apiVersion Flux serves the kind at today (v1beta2 documents come back as v1).
    const byKey = new Map(parseAllDocuments(exported).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string } }).map((d) => [`${d.kind}/${d.metadata.namespace}/${d.metadata.name}`, d]));
    for (const { apiVersion, ...d } of parseAllDocuments(text).map((x) => x.toJS() as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } })) {
      const out = byKey.get(`${d.kind}/${d.metadata.namespace ?? 'flotilla-system'}/${d.metadata.name}`);
      expect(out, d.metadata.name).toMatchObject({ ...d, apiVersion: apiVersion.replace(/v1beta2$/, 'v1') });
    }
    // Sources first, then what reads them: the order an apply (and an import) needs.
    expect([...new Set(parseAllDocuments(exported).map((d) => (d.toJS() as { kind: string }).kind))]).toEqual([
      'GitRepository',
      'OCIRepository',
      'HelmRepository',
      'ImageRepository',
      'ImagePolicy',
      'ImageUpdateAutomation',
      'Kustomization',
      'HelmRelease',
      'Provider',
      'Alert',
      'Receiver',
    ]);

    // Imported again, the export changes nothing: every object is an update and the text is the same.
    const again = await importYaml(exported);
    expect(again.problems).toEqual([]);
    expect(again.objects.every((o) => o.action === 'update')).toBe(true);
    expect(await exportYaml()).toBe(exported);

    // And on another hub, the export makes the same objects.
    const other = await TestHub.start(await pg.createDatabase());
    try {
      const otherOperator = await other.login('admin');
      const r = await other.gql<{ importFluxYaml: ImportResult }>(otherOperator, IMPORT, { yaml: exported, dryRun: false });
      expect(r.data?.importFluxYaml.problems).toEqual([]);
      expect(await exportYaml({}, other, otherOperator)).toBe(exported);
    } finally {
      await other.stop();
    }
  }, 120_000);

  it('a Provider’s credentials and a Receiver’s token stay in the hub: export names their Secrets, never a value; an import that updates keeps them', async () => {
    const created = await hub.gql<{ createNotificationProvider: { id: string } }>(
      admin,
      'mutation($input: NotificationProviderInput!) { createNotificationProvider(input: $input) { id } }',
      { input: { name: 'team-chat', type: 'slack', channel: 'team', secret: { address: 'https://hooks.slack.com/services/T0/B0/s3cr3t-webhook', token: 's3cr3t-token' } } },
    );
    expect(created.errors).toBeUndefined();
    const receiver = await hub.gql<{ createReceiver: { token: string } }>(
      admin,
      'mutation($input: ReceiverInput!) { createReceiver(input: $input) { token receiver { webhookPath } } }',
      { input: { name: 'made-here', type: 'generic', resources: [{ kind: 'GitRepository', name: 'podinfo', namespace: 'default' }] } },
    );
    const token = receiver.data!.createReceiver.token;
    const before = await hub.gql<{ receivers: { name: string; webhookPath: string }[] }>(operator, '{ receivers { name webhookPath } }');

    const all = await exportYaml();
    for (const secret of ['s3cr3t', token]) expect(all).not.toContain(secret);
    const provider = await exportYaml({ kind: 'Provider', name: 'team-chat' });
    expect(provider).toBe('apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: team-chat\n  namespace: flotilla-system\nspec:\n  type: slack\n  channel: team\n');
    // Flux requires a Receiver's secretRef: one made at the hub names `<name>-token`.
    expect(await exportYaml({ kind: 'Receiver', name: 'made-here' })).toContain('  secretRef:\n    name: made-here-token\n');

    // The same Provider imported with a secretRef and a new channel: the stored credentials are kept, and said so.
    const r = await importYaml(provider.replace('channel: team', 'channel: ops\n  secretRef:\n    name: team-chat-slack'));
    expect(r.problems).toEqual([]);
    expect(r.objects).toEqual([expect.objectContaining({ kind: 'Provider', action: 'update', notes: ['spec.secretRef: the hub does not read Secret team-chat-slack; the stored ones are kept'] })]);
    const stored = await hub.gql<{ notificationProviders: { name: string; channel: string; secretKeys: string[]; secretRefName: string | null }[] }>(
      operator,
      '{ notificationProviders { name channel secretKeys secretRefName } }',
    );
    expect(stored.data!.notificationProviders.find((p) => p.name === 'team-chat')).toEqual({ name: 'team-chat', channel: 'ops', secretKeys: ['address', 'token'], secretRefName: 'team-chat-slack' });
    expect(await exportYaml({ kind: 'Provider', name: 'team-chat' })).toContain('  secretRef:\n    name: team-chat-slack\n');

    // A Receiver imported again keeps its token: its webhook path is unchanged.
    const again = await importYaml(await exportYaml({ kind: 'Receiver', name: 'made-here' }));
    expect(again.objects).toEqual([expect.objectContaining({ action: 'update', notes: [expect.stringContaining('keeps its token')] })]);
    const after = await hub.gql<{ receivers: { name: string; webhookPath: string }[] }>(operator, '{ receivers { name webhookPath } }');
    expect(after.data!.receivers).toEqual(before.data!.receivers);
  });

  it('export takes a kind, namespace and name; an unknown kind is bad input, a missing name not found', async () => {
    const one = await exportYaml({ kind: 'GitRepository', namespace: 'default', name: 'podinfo' });
    expect(one).toBe('apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: podinfo\n  namespace: default\nspec:\n  url: https://github.com/stefanprodan/podinfo\n  ref:\n    branch: master\n  interval: 5m0s\n  timeout: 60s\n');
    expect(parseAllDocuments(await exportYaml({ kind: 'Kustomization' }))).toHaveLength(3);
    const bad = await hub.gql(operator, EXPORT, { kind: 'HelmChart' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await hub.gql(operator, EXPORT, { kind: 'Kustomization', name: 'nope' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  describe('against a real API server with Flux’s own CRDs', () => {
    let cluster: TestCluster;
    beforeAll(async () => {
      const [c, upstream, ...generated] = await Promise.all([startCluster({ nodes: 0 }), upstreamFluxCrds(), ...FLUX_API_ONLY_CONTROLLERS.map((name) => fluxApiModuleCrds(name))]);
      cluster = c;
      const dir = await makeTempDir('flux-crds');
      const file = path.join(dir, 'crds.yaml');
      await writeFile(file, [...upstream.crds, ...generated.flatMap((g) => g.crds)].map((crd) => stringify(crd)).join('---\n'));
      const kubectl = await binaryPath('kubectl');
      await run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, 'apply', '--server-side', '-f', file]);
      await run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, 'wait', '--for=condition=Established', '--timeout=120s', 'crd', '--all']);
      // The corpus's image objects are in flux-system, as in Flux's guides.
      for (const ns of ['flotilla-system', 'flux-system']) await run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, 'create', 'namespace', ns]);
    }, 300_000);
    afterAll(async () => {
      await cluster?.stop();
    });

    // The source, kustomize and helm controllers' CRDs come from their Go modules; the notification and image
    // controllers' are generated from their api modules (the Go proxy does not serve the controllers' own).
    it('kubectl apply --dry-run=server accepts the whole export, every kind against Flux’s CRD', async () => {
      const dir = await makeTempDir('flux-export');
      const file = path.join(dir, 'export.yaml');
      await writeFile(file, await exportYaml());
      const kubectl = await binaryPath('kubectl');
      const { stdout } = await run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, 'apply', '--dry-run=server', '-f', file]);
      expect(stdout.trim().split('\n').sort()).toEqual(
        [
          'gitrepository.source.toolkit.fluxcd.io/podinfo created (server dry run)',
          'gitrepository.source.toolkit.fluxcd.io/podinfo-commit created (server dry run)',
          'gitrepository.source.toolkit.fluxcd.io/podinfo-ignore created (server dry run)',
          'gitrepository.source.toolkit.fluxcd.io/podinfo-ref-name created (server dry run)',
          'gitrepository.source.toolkit.fluxcd.io/podinfo-semver created (server dry run)',
          'gitrepository.source.toolkit.fluxcd.io/podinfo-tag created (server dry run)',
          'kustomization.kustomize.toolkit.fluxcd.io/apps created (server dry run)',
          'kustomization.kustomize.toolkit.fluxcd.io/every-field created (server dry run)',
          'kustomization.kustomize.toolkit.fluxcd.io/podinfo created (server dry run)',
          'ocirepository.source.toolkit.fluxcd.io/podinfo-oci created (server dry run)',
          'ocirepository.source.toolkit.fluxcd.io/podinfo-deploy created (server dry run)',
          'ocirepository.source.toolkit.fluxcd.io/podinfo-digest created (server dry run)',
          'helmrepository.source.toolkit.fluxcd.io/podinfo created (server dry run)',
          'helmrepository.source.toolkit.fluxcd.io/podinfo-charts created (server dry run)',
          'helmrepository.source.toolkit.fluxcd.io/podinfo-pass created (server dry run)',
          'helmrelease.helm.toolkit.fluxcd.io/podinfo created (server dry run)',
          'imagerepository.image.toolkit.fluxcd.io/podinfo created (server dry run)',
          'imagerepository.image.toolkit.fluxcd.io/podinfo-filtered created (server dry run)',
          'imagepolicy.image.toolkit.fluxcd.io/podinfo created (server dry run)',
          'imagepolicy.image.toolkit.fluxcd.io/podinfo-alpha created (server dry run)',
          'imagepolicy.image.toolkit.fluxcd.io/podinfo-main created (server dry run)',
          'imageupdateautomation.image.toolkit.fluxcd.io/flux-system created (server dry run)',
          'imageupdateautomation.image.toolkit.fluxcd.io/my-app created (server dry run)',
          'provider.notification.toolkit.fluxcd.io/slack-bot created (server dry run)',
          'provider.notification.toolkit.fluxcd.io/generic-webhook created (server dry run)',
          'provider.notification.toolkit.fluxcd.io/github-status created (server dry run)',
          'provider.notification.toolkit.fluxcd.io/team-chat created (server dry run)',
          'alert.notification.toolkit.fluxcd.io/on-call-webapp created (server dry run)',
          'alert.notification.toolkit.fluxcd.io/shop-releases created (server dry run)',
          'alert.notification.toolkit.fluxcd.io/podinfo-status created (server dry run)',
          'receiver.notification.toolkit.fluxcd.io/github-receiver created (server dry run)',
          'receiver.notification.toolkit.fluxcd.io/registry-push created (server dry run)',
          'receiver.notification.toolkit.fluxcd.io/made-here created (server dry run)',
        ].sort(),
      );
    }, 120_000);
  });
});
