import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeoutMs, hostileJson, hostileString, prototypeKey, withinMs } from '../../test/fuzz.js';
import type { BuildErrorCode, GeneralErrorCode, YamlErrorCode } from '../errors.js';
import { emitYaml } from '../yaml/emit.js';
import type { JsonValue } from '../yaml/parse.js';
import { buildKustomization } from './build.js';
import { fileTreeFromRecord } from './file-tree.js';

// A repository's file tree is the build's whole input, and whoever pushes to it controls every byte. On any
// tree the build returns objects or typed errors, within a bounded time, and never throws.

const BUILD_CODES: ReadonlyArray<BuildErrorCode | YamlErrorCode | GeneralErrorCode> = [
  'YAML_PARSE_ERROR', 'YAML_ALIAS_LIMIT', 'YAML_TOO_DEEP', 'YAML_INVALID_VALUE',
  'KUSTOMIZATION_NOT_FOUND', 'KUSTOMIZATION_INVALID', 'MULTIPLE_KUSTOMIZATIONS', 'PATH_ESCAPES_ROOT', 'REMOTE_BASE_REFUSED',
  'RESOURCE_NOT_FOUND', 'RESOURCE_INVALID', 'CYCLE', 'FILE_TOO_LARGE', 'LIMIT_EXCEEDED', 'DUPLICATE_OBJECT', 'NAMESPACE_CONFLICT',
  'PATCH_INVALID', 'PATCH_TARGET_NOT_FOUND', 'PATCH_FAILED', 'GENERATOR_INVALID', 'GENERATOR_CONFLICT', 'REPLACEMENT_INVALID',
  'REPLACEMENT_SOURCE_NOT_FOUND', 'REPLACEMENT_TARGET_NOT_FOUND', 'VAR_INVALID', 'VAR_NOT_FOUND', 'COMPONENT_INVALID',
  'TRANSFORMER_INVALID', 'UNSUPPORTED_FEATURE', 'INVALID_INPUT',
];

const DIRS = ['app', 'base', 'base/nested', 'comp', ''];
const FILES = ['cm.yaml', 'deploy.yaml', 'patch.yaml', 'bomb.yaml', 'deep.yaml', 'junk.yaml'];

const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('app', 'web', 'db', 'cfg') }, { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/) }, { weight: 1, arbitrary: hostileString });
const reference = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FILES, ...DIRS.filter((d) => d !== '').map((d) => `../${d}`), 'nested', 'cm.yaml') },
  { weight: 2, arbitrary: fc.constantFrom('.', '..', '../..', '../../etc/passwd', '/etc/passwd', 'missing.yaml', 'https://example.com/base', 'github.com/a/b//c?ref=v1', 'C:\\x', 'a//b/../../..') },
  { weight: 1, arbitrary: hostileString },
);
const labelMap = fc.dictionary(fc.oneof(fc.constantFrom('app', 'team', 'app.kubernetes.io/name'), prototypeKey, hostileString), fc.oneof(name, fc.constant('')), { maxKeys: 3 });
const target = fc.record({ kind: fc.constantFrom('ConfigMap', 'Deployment', 'Nope'), name, labelSelector: fc.constantFrom('app=web', 'x in (', '') }, { requiredKeys: [] });
const patch = fc.oneof(
  fc.record({ path: reference }, { requiredKeys: ['path'] }),
  fc.record({ patch: fc.oneof(fc.constantFrom('- op: replace\n  path: /data/a\n  value: "2"', '- op: test\n  path: /x\n  value: 1', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  $patch: delete', '[{"op":"remove","path":"/"}]'), hostileString), target }),
);

/** A kustomization.yaml: each field well-typed most of the time, so the build gets past its schema check. */
const kustomization = fc.record(
  {
    resources: fc.array(reference, { maxLength: 4 }),
    components: fc.array(reference, { maxLength: 2 }),
    bases: fc.array(reference, { maxLength: 2 }),
    namespace: name,
    namePrefix: name,
    nameSuffix: name,
    commonLabels: labelMap,
    commonAnnotations: labelMap,
    labels: fc.array(fc.record({ pairs: labelMap, includeSelectors: fc.boolean() }), { maxLength: 2 }),
    images: fc.array(fc.record({ name, newName: name, newTag: name, digest: fc.constantFrom('sha256:abc', 'x') }, { requiredKeys: ['name'] }), { maxLength: 2 }),
    replicas: fc.array(fc.record({ name, count: fc.oneof(fc.integer(), fc.constantFrom(-1, 2 ** 53)) }), { maxLength: 2 }),
    configMapGenerator: fc.array(fc.record({ name, behavior: fc.constantFrom('create', 'merge', 'replace', 'bogus'), literals: fc.array(fc.oneof(fc.constant('a=1'), hostileString), { maxLength: 3 }), files: fc.array(reference, { maxLength: 2 }) }, { requiredKeys: ['name'] }), { maxLength: 2 }),
    secretGenerator: fc.array(fc.record({ name, literals: fc.array(fc.oneof(fc.constant('k=v'), hostileString), { maxLength: 2 }), envs: fc.array(reference, { maxLength: 1 }) }, { requiredKeys: ['name'] }), { maxLength: 1 }),
    patches: fc.array(patch, { maxLength: 2 }),
    vars: fc.array(fc.record({ name, objref: fc.record({ kind: fc.constant('ConfigMap'), name, apiVersion: fc.constant('v1') }), fieldref: fc.record({ fieldPath: fc.constantFrom('metadata.name', 'data.a', '[', '') }) }), { maxLength: 1 }),
    sortOptions: fc.record({ order: fc.constantFrom('legacy', 'fifo', 'x') }),
    buildMetadata: fc.array(fc.constantFrom('originAnnotations', 'managedByLabel', 'x'), { maxLength: 2 }),
    kind: fc.constantFrom('Kustomization', 'Kustomization', 'Kustomization', 'Component', 'Other'),
    apiVersion: fc.constantFrom('kustomize.config.k8s.io/v1beta1', 'kustomize.config.k8s.io/v1beta1', 'kustomize.config.k8s.io/v1alpha1', 'v1'),
  },
  { requiredKeys: [] },
);

/** A field with the wrong type or an unknown key, to check the schema's refusals too. */
const brokenKustomization = fc.tuple(kustomization, fc.oneof(prototypeKey, fc.string({ maxLength: 12 }), fc.constantFrom('resources', 'patches', 'images', 'replacements', 'helmCharts')), hostileJson(3)).map(([k, key, v]) =>
  JSON.parse(`${JSON.stringify(k).slice(0, -1)}${Object.keys(k).length > 0 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(v) ?? 'null'}}`) as unknown,
);

const objectYaml = fc
  .record({ kind: fc.constantFrom('ConfigMap', 'Deployment', 'Secret', 'Namespace', 'List'), name, namespace: fc.option(name), data: labelMap })
  .map(({ kind, name, namespace, data }) => JSON.stringify({ apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, metadata: { name, ...(namespace === null ? {} : { namespace }) }, data }));

function aliasBomb(levels: number): string {
  let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < levels; i++) bomb += `  a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  return bomb;
}

const fileText = fc.oneof(
  { weight: 5, arbitrary: objectYaml },
  { weight: 2, arbitrary: fc.array(objectYaml, { minLength: 2, maxLength: 4 }).map((docs) => docs.join('\n---\n')) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 12 }).map(aliasBomb) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 60_000 }).map((d) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${'{a: '.repeat(d)}1${'}'.repeat(d)}\n`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 5_000 }).map((d) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n${Array.from({ length: d }, (_, i) => `${' '.repeat(i + 2)}k:`).join('\n')} 1\n`) },
  { weight: 1, arbitrary: fc.constantFrom('base: &b {a: 1}\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: m}\ndata:\n  <<: *b\n  <<: [*b, *b]\n', '*undefined', '&a [*a]', '%YAML 9.9\n---\n', '--- !!binary AAAA', '? [a]\n: b\n') },
  { weight: 2, arbitrary: hostileString },
);

const tree = fc
  .record({
    kustomizations: fc.array(fc.tuple(fc.constantFrom(...DIRS), fc.constantFrom('kustomization.yaml', 'kustomization.yaml', 'kustomization.yaml', 'kustomization.yml', 'Kustomization'), fc.oneof({ weight: 4, arbitrary: kustomization }, { weight: 1, arbitrary: brokenKustomization }), fc.boolean()), { minLength: 1, maxLength: 5 }),
    files: fc.array(fc.tuple(fc.constantFrom(...DIRS), fc.constantFrom(...FILES), fileText), { maxLength: 6 }),
    rawKustomization: fc.option(fc.tuple(fc.constantFrom(...DIRS), fileText)),
    root: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DIRS) }, { weight: 1, arbitrary: fc.constantFrom('../x', '/abs', 'missing') }),
  })
  .map(({ kustomizations, files, rawKustomization, root }) => {
    const record: Record<string, string> = {};
    const at = (dir: string, file: string) => (dir === '' ? file : `${dir}/${file}`);
    for (const [dir, file, text] of files) record[at(dir, file)] = text;
    // JSON is YAML (flow style); otherwise block style as kustomize users write it.
    for (const [dir, file, k, asFlow] of kustomizations) record[at(dir, file)] = asFlow ? JSON.stringify(k) : emitYaml(k as JsonValue);
    if (rawKustomization) record[at(rawKustomization[0], 'kustomization.yaml')] = rawKustomization[1];
    return { record, root };
  });

describe('buildKustomization (fuzz)', () => {
  it('answers any file tree with objects or typed build errors, quickly', { timeout: fuzzTimeoutMs(60_000) }, () => {
    fc.assert(
      fc.property(tree, ({ record, root }) => {
        const result = withinMs(5_000, () => buildKustomization(fileTreeFromRecord(record), root, { limits: { maxBytes: 4 * 1024 * 1024, maxNodes: 200_000 } }));
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) expect(BUILD_CODES).toContain(e.code);
        }
      }),
      fuzzParams(100),
    );
  });
});
