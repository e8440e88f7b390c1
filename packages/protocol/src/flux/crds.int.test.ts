import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import {
  binaryPath,
  startCluster,
  upstreamFluxCrds,
  type TestCluster,
  type UpstreamFluxCrds,
} from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import {
  fluxCustomResourceDefinitions,
  type CustomResourceDefinition,
  type JsonSchemaProps,
} from './crds.js';

/**
 * Our CRDs against Flux's own, on one real kube-apiserver. Flux's CRDs are installed under a renamed group
 * (`*.oracle.flotilla.test`) beside ours, so every object can be sent to both and the API server's verdicts
 * compared: Flux's schema is the oracle.
 */

type Crd = {
  metadata: { name: string };
  spec: {
    group: string;
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean; schema: { openAPIV3Schema: JsonSchemaProps } }[];
  };
};

const execFileAsync = promisify(execFile);

// kubectl rather than the typed client: the client's CRD model drops the `x-kubernetes-*` keys.
async function kubectlApply(cluster: TestCluster, objects: unknown[]): Promise<string> {
  const file = path.join(cluster.dir, `apply-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, objects.map((o) => stringify(o)).join('---\n'));
  const kubectl = await binaryPath('kubectl');
  const { stdout, stderr } = await execFileAsync(kubectl, [
    '--kubeconfig',
    cluster.kubeconfigPath,
    'apply',
    '--server-side',
    '--field-manager=flotilla-test',
    '-f',
    file,
  ]);
  return stdout + stderr;
}

const ORACLE_SUFFIX = '.oracle.flotilla.test';
const NAMESPACE = 'compat';
const GOTK_SYNC = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'testdata',
  'gotk-sync-v1beta2.yaml',
);

const asOracle = (crd: Crd): Crd => {
  const group = crd.spec.group.replace('.toolkit.fluxcd.io', ORACLE_SUFFIX);
  return { ...crd, metadata: { name: `${crd.spec.names.plural}.${group}` }, spec: { ...crd.spec, group } };
};

// The smallest spec each kind's Flux schema accepts; every case below changes one field of it.
const baseSpecs: Record<string, Record<string, unknown>> = {
  GitRepository: { interval: '1m', url: 'https://example.com/repo.git' },
  OCIRepository: { interval: '1m', url: 'oci://registry.example.com/manifests' },
  HelmRepository: { url: 'https://charts.example.com' },
  HelmChart: { chart: 'podinfo', interval: '1m', sourceRef: { kind: 'HelmRepository', name: 'charts' } },
  Bucket: { bucketName: 'manifests', endpoint: 'minio.example.com:9000', interval: '1m' },
  ExternalArtifact: {},
  Kustomization: { interval: '1m', prune: true, sourceRef: { kind: 'GitRepository', name: 'repo' } },
  HelmRelease: { interval: '1m', chartRef: { kind: 'OCIRepository', name: 'podinfo' } },
};

// Values tried for a string field with a pattern, first the ones that match.
const stringCandidates = [
  '1m',
  'https://example.com/x',
  'oci://registry.example.com/x',
  'values.yaml',
  'sha256:abc',
  'name',
];
const badStrings = ['1 minute', 'ftp://example.com', 'has space!', '5d'];

function validValue(s: JsonSchemaProps): unknown {
  if (s['x-kubernetes-preserve-unknown-fields'] && !s.type) return { replicas: 2 };
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'string': {
      if (s.format === 'date-time') return '2026-01-01T00:00:00Z';
      const re = s.pattern ? new RegExp(s.pattern) : undefined;
      return stringCandidates.find((c) => !re || re.test(c)) ?? 'name';
    }
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return s.items ? [validValue(s.items)] : [];
    case 'object': {
      if (s.additionalProperties) return { key: validValue(s.additionalProperties) };
      const o: Record<string, unknown> = {};
      for (const k of s.required ?? []) o[k] = validValue(s.properties![k]!);
      return o;
    }
    default:
      return 'x';
  }
}

type Step = string | 0 | '*';
interface Case {
  name: string;
  kind: string;
  spec: Record<string, unknown>;
}

/** The spec with `value` at `path`, creating each parent with its required fields. */
function setAt(
  base: Record<string, unknown>,
  root: JsonSchemaProps,
  path: Step[],
  value: unknown,
): Record<string, unknown> {
  const spec = structuredClone(base);
  let node: Record<string, unknown> | unknown[] = spec;
  let schema = root;
  path.forEach((step, i) => {
    const last = i === path.length - 1;
    const childSchema =
      step === 0 ? schema.items! : step === '*' ? schema.additionalProperties! : schema.properties![step]!;
    const key = step === '*' ? 'key' : step;
    const container = node as Record<string | number, unknown>;
    if (last) container[key] = value;
    else {
      if (container[key] === undefined || typeof container[key] !== 'object')
        container[key] = validValue(childSchema);
      node = container[key] as Record<string, unknown>;
    }
    schema = childSchema;
  });
  return spec;
}

function fieldPath(path: Step[]): string {
  return path.reduce<string>(
    (acc, s) => (s === 0 ? `${acc}[0]` : s === '*' ? `${acc}[key]` : `${acc}.${s}`),
    'spec',
  );
}

/** Every way to break one field, from what Flux's schema says about it, plus the field set validly. */
function casesFor(kind: string, specSchema: JsonSchemaProps): Case[] {
  const base = baseSpecs[kind]!;
  const cases: Case[] = [];
  const walk = (s: JsonSchemaProps, path: Step[]) => {
    if (path.length > 0) {
      const at = fieldPath(path);
      const add = (what: string, value: unknown) =>
        cases.push({ name: `${kind} ${at} ${what}`, kind, spec: setAt(base, specSchema, path, value) });
      add('valid', validValue(s));
      if (!s['x-kubernetes-preserve-unknown-fields']) {
        const wrongType = { string: 12345, integer: 'abc', boolean: 'yes', object: 'text', array: 'text' }[
          s.type ?? 'string'
        ];
        add('wrong type', wrongType);
      }
      if (s.enum) add('bad enum value', 'NotOneOfThem');
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const bad = badStrings.find((b) => !re.test(b));
        if (bad) add(`pattern violation ${JSON.stringify(bad)}`, bad);
      }
      if (s.maxLength !== undefined) add('too long', 'a'.repeat(s.maxLength + 1));
      if (s.minLength) add('empty', '');
      if (s.type === 'object' && s.required && !s.additionalProperties) {
        for (const r of s.required) {
          const value = validValue(s) as Record<string, unknown>;
          delete value[r];
          add(`missing required ${r}`, value);
        }
      }
    }
    for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, [...path, k]);
    if (s.items) walk(s.items, [...path, 0]);
    if (s.additionalProperties) walk(s.additionalProperties, [...path, '*']);
  };
  walk(specSchema, []);
  for (const r of specSchema.required ?? []) {
    const spec = structuredClone(base);
    delete spec[r];
    cases.push({ name: `${kind} spec missing required ${r}`, kind, spec });
  }
  return cases;
}

interface Verdict {
  code: number;
  fields: string[];
  message: string;
}

async function dryRunCreate(
  api: CustomObjectsApi,
  group: string,
  version: string,
  plural: string,
  kind: string,
  spec: Record<string, unknown>,
): Promise<Verdict> {
  const body = {
    apiVersion: `${group}/${version}`,
    kind,
    metadata: { name: 'probe', namespace: NAMESPACE },
    spec,
  };
  try {
    await api.createNamespacedCustomObject({
      group,
      version,
      namespace: NAMESPACE,
      plural,
      body,
      dryRun: 'All',
    });
    return { code: 201, fields: [], message: '' };
  } catch (err) {
    const e = err as { code?: number; body?: unknown };
    const status = (typeof e.body === 'string' ? JSON.parse(e.body) : e.body) as
      { message?: string; details?: { causes?: { field?: string }[] } } | undefined;
    return {
      code: e.code ?? 0,
      fields: [...new Set((status?.details?.causes ?? []).map((c) => c.field ?? ''))].sort(),
      message: status?.message ?? String(err),
    };
  }
}

interface Comparison {
  compared: number;
  typeMismatches: string[];
  constraintMismatches: string[];
  missing: string[];
  extra: string[];
}

/** Walks Flux's schema and ours side by side. */
function compareSchemas(
  kind: string,
  theirs: JsonSchemaProps,
  ours: JsonSchemaProps | undefined,
  at: string,
  out: Comparison,
): void {
  if (!ours) {
    out.missing.push(`${kind} ${at}`);
    return;
  }
  out.compared += 1;
  const flag = (s: JsonSchemaProps) =>
    `${s.type ?? ''}${s['x-kubernetes-int-or-string'] ? ' int-or-string' : ''}${s['x-kubernetes-preserve-unknown-fields'] ? ' preserve' : ''}`;
  if (flag(theirs) !== flag(ours) || (theirs.format ?? '') !== (ours.format ?? ''))
    out.typeMismatches.push(
      `${kind} ${at}: Flux ${flag(theirs)} ${theirs.format ?? ''}, ours ${flag(ours)} ${ours.format ?? ''}`,
    );
  const constraints = (s: JsonSchemaProps) =>
    JSON.stringify({
      enum: s.enum ? [...s.enum].map(String).sort() : undefined,
      pattern: s.pattern?.replace(/\\\//g, '/'),
      // The API server applies defaults before it validates, so a required field with a default is
      // never missing; Flux marks a few such fields required, zod leaves them optional.
      required: s.required?.some((r) => s.properties?.[r]?.default === undefined)
        ? s.required.filter((r) => s.properties?.[r]?.default === undefined).sort()
        : undefined,
      minLength: s.minLength,
      maxLength: s.maxLength,
      minimum: s.minimum,
      maximum: s.maximum,
      default: s.default,
      cel: (s['x-kubernetes-validations'] ?? []).map((v) => v.rule),
    });
  if (constraints(theirs) !== constraints(ours))
    out.constraintMismatches.push(`${kind} ${at}: Flux ${constraints(theirs)} ours ${constraints(ours)}`);
  for (const [k, v] of Object.entries(theirs.properties ?? {}))
    compareSchemas(kind, v, ours.properties?.[k], `${at}.${k}`, out);
  for (const k of Object.keys(ours.properties ?? {}))
    if (!theirs.properties?.[k]) out.extra.push(`${kind} ${at}.${k}`);
  if (theirs.items) compareSchemas(kind, theirs.items, ours.items, `${at}[]`, out);
  if (theirs.additionalProperties)
    compareSchemas(kind, theirs.additionalProperties, ours.additionalProperties, `${at}{}`, out);
}

describe("Flotilla's Flux CRDs against Flux's own", () => {
  let cluster: TestCluster;
  let upstream: UpstreamFluxCrds;
  let ours: CustomResourceDefinition[];

  beforeAll(async () => {
    [cluster, upstream] = await Promise.all([startCluster({ nodes: 0 }), upstreamFluxCrds()]);
    ours = fluxCustomResourceDefinitions();
    await kubectlApply(cluster, [...ours, ...(upstream.crds as Crd[]).map(asOracle)]);
    const kubectl = await binaryPath('kubectl');
    await execFileAsync(kubectl, [
      '--kubeconfig',
      cluster.kubeconfigPath,
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      'crd',
      '--all',
    ]);
    await cluster.kubeConfig
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: NAMESPACE } } });
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  const pairs = () =>
    (upstream.crds as Crd[]).flatMap((theirs) => {
      const mine = ours.find((c) => c.metadata.name === theirs.metadata.name);
      return theirs.spec.versions
        .filter((v) => v.served)
        .map((v) => ({
          theirs,
          version: v,
          mine,
          myVersion: mine?.spec.versions.find((m) => m.name === v.name),
        }));
    });

  it('define every kind and version Flux serves, and every Flux field with the same type and constraints', () => {
    const out: Comparison = {
      compared: 0,
      typeMismatches: [],
      constraintMismatches: [],
      missing: [],
      extra: [],
    };
    for (const { theirs, version, myVersion } of pairs()) {
      const kind = `${theirs.spec.names.kind}/${version.name}`;
      if (!myVersion) {
        out.missing.push(kind);
        continue;
      }
      const t = version.schema.openAPIV3Schema.properties!;
      const o = myVersion.schema.openAPIV3Schema.properties!;
      compareSchemas(kind, t.spec!, o.spec, '.spec', out);
      compareSchemas(kind, t.status!, o.status, '.status', out);
    }
    process.stdout.write(`[flux-crd-compat] ${out.compared} Flux schema fields compared with ours\n`);
    expect(out.missing).toEqual([]);
    expect(out.extra).toEqual([]);
    expect(out.typeMismatches).toEqual([]);
    expect(out.constraintMismatches).toEqual([]);
    expect(out.compared).toBeGreaterThan(600);
  });

  it("give every object Flux's schema accepts or rejects the same verdict, rejections as 422s naming the same fields", async () => {
    const api = cluster.kubeConfig.makeApiClient(CustomObjectsApi);
    const differences: string[] = [];
    let accepted = 0;
    let rejected = 0;
    let total = 0;
    for (const { theirs, version, mine } of pairs()) {
      const kind = theirs.spec.names.kind;
      const oracle = asOracle(theirs);
      for (const c of casesFor(kind, version.schema.openAPIV3Schema.properties!.spec!)) {
        total += 1;
        const [flux, flotilla] = await Promise.all([
          dryRunCreate(api, oracle.spec.group, version.name, theirs.spec.names.plural, kind, c.spec),
          dryRunCreate(api, mine!.spec.group, version.name, mine!.spec.names.plural, kind, c.spec),
        ]);
        if (flux.code !== flotilla.code || JSON.stringify(flux.fields) !== JSON.stringify(flotilla.fields)) {
          differences.push(
            `${c.name}: Flux ${flux.code} ${flux.fields.join(',')} | ours ${flotilla.code} ${flotilla.fields.join(',')} ${flotilla.message}`,
          );
        } else if (flux.code === 201) accepted += 1;
        else {
          rejected += 1;
          expect(flotilla.code, c.name).toBe(422);
          expect(flotilla.fields.length, c.name).toBeGreaterThan(0);
          for (const f of flotilla.fields) expect(flotilla.message, c.name).toContain(f);
        }
      }
    }
    process.stdout.write(
      `[flux-crd-compat] ${total} objects: ${accepted} accepted by both, ${rejected} rejected by both on the same fields, ${differences.length} differ\n`,
    );
    expect(differences).toEqual([]);
    expect(rejected).toBeGreaterThan(300);
  }, 600_000);

  it("apply the seeds' v1beta2 manifests and read them back as v1", async () => {
    const gotkSync = parseAllDocuments(await readFile(GOTK_SYNC, 'utf8')).map((d) => d.toJS() as unknown);
    const manifests = [
      ...gotkSync,
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
        kind: 'OCIRepository',
        metadata: { name: 'payments-bundle', namespace: NAMESPACE },
        spec: {
          interval: '5m',
          url: 'oci://ghcr.io/my-org/payments-bundle',
          ref: { semver: '>=1.0.0 <2.0.0' },
          verify: { provider: 'cosign', secretRef: { name: 'cosign-pub-key' } },
        },
      },
    ];
    const out = await kubectlApply(cluster, manifests);
    expect(out).toContain('gitrepository.source.toolkit.fluxcd.io/flux-system serverside-applied');
    expect(out).toMatch(/Warning: source.toolkit.fluxcd.io\/v1beta2 GitRepository is deprecated/);
    const api = cluster.kubeConfig.makeApiClient(CustomObjectsApi);
    const ks = (await api.getNamespacedCustomObject({
      group: 'kustomize.toolkit.fluxcd.io',
      version: 'v1',
      namespace: 'flux-system',
      plural: 'kustomizations',
      name: 'flux-system',
    })) as {
      apiVersion: string;
      spec: Record<string, unknown>;
      status: Record<string, unknown>;
    };
    expect(ks.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(ks.spec).toMatchObject({ path: './clusters/my-cluster', prune: true, force: false });
    const repo = (await api.getNamespacedCustomObject({
      group: 'source.toolkit.fluxcd.io',
      version: 'v1',
      namespace: 'flux-system',
      plural: 'gitrepositories',
      name: 'flux-system',
    })) as { spec: Record<string, unknown> };
    expect(repo.spec).toMatchObject({
      url: 'ssh://git@github.com/your-username/your-flux-repo.git',
      timeout: '60s',
    });
    const oci = (await api.getNamespacedCustomObject({
      group: 'source.toolkit.fluxcd.io',
      version: 'v1',
      namespace: NAMESPACE,
      plural: 'ocirepositories',
      name: 'payments-bundle',
    })) as { spec: Record<string, unknown> };
    expect(oci.spec).toMatchObject({ provider: 'generic', verify: { provider: 'cosign' } });
  });
});
