import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kustomizationSpec } from './kustomization.schema.js';
import { EVERY_KUSTOMIZATION_FIELD } from './testing/every-kustomization-field.js';

type Props = { properties?: Record<string, Props>; items?: Props };

// Every property path of an OpenAPI schema, descending into objects and array items.
function paths(schema: Props, prefix = ''): string[] {
  const props = schema.properties ?? schema.items?.properties ?? {};
  return Object.entries(props).flatMap(([k, v]) => [`${prefix}${k}`, ...paths(v, `${prefix}${k}.`)]);
}

// Every key path a value sets, descending into objects and arrays; maps (labels, substitute) count as leaves.
function valuePaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuePaths(v, prefix));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const maps = ['labels', 'annotations', 'substitute'];
    return [`${prefix}${k}`, ...(maps.includes(k) ? [] : valuePaths(v, `${prefix}${k}.`))];
  });
}

describe('EVERY_KUSTOMIZATION_FIELD', () => {
  it('sets every field of the generated Kustomization CRD (so tests that use it cover every Flux field)', () => {
    const crds = readFileSync(fileURLToPath(new URL('../../../../deploy/crds/flux.yaml', import.meta.url)), 'utf8')
      .split(/^---$/m)
      .map((d) => parse(d) as { spec?: { names?: { kind?: string }; versions?: { name: string; schema: { openAPIV3Schema: Props } }[] } } | null);
    const ks = crds.find((d) => d?.spec?.names?.kind === 'Kustomization')!;
    const v1 = ks.spec!.versions!.find((v) => v.name === 'v1')!;
    // Map entries are values, not fields; kubeConfig takes configMapRef or secretRef, never both.
    const defined = paths(v1.schema.openAPIV3Schema.properties!.spec!).filter((p) => !/^(commonMetadata\.(labels|annotations)|postBuild\.substitute)\./.test(p) && !p.startsWith('kubeConfig.configMapRef'));
    expect([...new Set(valuePaths(EVERY_KUSTOMIZATION_FIELD))].sort()).toEqual([...new Set(defined)].sort());
  });

  it('parses with Flux’s definition unchanged', () => {
    expect(kustomizationSpec.parse(EVERY_KUSTOMIZATION_FIELD)).toEqual(EVERY_KUSTOMIZATION_FIELD);
  });
});
