import type { FieldSpec } from './field-spec.js';
import {
  BUILTIN_COMMONANNOTATIONS, BUILTIN_COMMONLABELS, BUILTIN_IMAGES, BUILTIN_NAMEPREFIX, BUILTIN_NAMEREFERENCE,
  BUILTIN_NAMESPACE, BUILTIN_NAMESUFFIX, BUILTIN_REPLICAS, BUILTIN_TEMPLATELABELS, BUILTIN_VARREFERENCE,
} from './builtin-field-specs.gen.js';

// The transformer configuration: which fields each transformer touches. Defaults come from kustomize;
// `configurations:` files and CRD hints add to them.

export interface NameRefEntry {
  group?: string;
  version?: string;
  kind: string;
  fieldSpecs: FieldSpec[];
}

export interface TransformerConfig {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  nameReference: NameRefEntry[];
  varReference: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
}

/** kustomize v5.5.0's default field specs (generated from its builtin configuration). */
export function defaultTransformerConfig(): TransformerConfig {
  return {
    namePrefix: [...BUILTIN_NAMEPREFIX],
    nameSuffix: [...BUILTIN_NAMESUFFIX],
    namespace: [...BUILTIN_NAMESPACE],
    commonLabels: [...BUILTIN_COMMONLABELS],
    templateLabels: [...BUILTIN_TEMPLATELABELS],
    commonAnnotations: [...BUILTIN_COMMONANNOTATIONS],
    nameReference: BUILTIN_NAMEREFERENCE.map((e) => ({ ...e, fieldSpecs: [...e.fieldSpecs] })),
    varReference: [...BUILTIN_VARREFERENCE],
    images: [...BUILTIN_IMAGES],
    replicas: [...BUILTIN_REPLICAS],
  };
}

function fsKey(f: FieldSpec): string {
  return `${f.group ?? ''}|${f.version ?? ''}|${f.kind ?? ''}|${f.path}`;
}

function mergeSpecs(a: FieldSpec[], b: FieldSpec[]): FieldSpec[] {
  const seen = new Set(a.map(fsKey));
  const out = [...a];
  for (const f of b) if (!seen.has(fsKey(f))) {
    seen.add(fsKey(f));
    out.push(f);
  }
  return out;
}

/** Adds field specs from `configurations:` files or CRD hints to a config. */
export function mergeTransformerConfig(base: TransformerConfig, extra: Partial<TransformerConfig>): TransformerConfig {
  const out: TransformerConfig = { ...base };
  for (const key of ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'templateLabels', 'commonAnnotations', 'varReference', 'images', 'replicas'] as const) {
    const add = extra[key];
    if (add) out[key] = mergeSpecs(base[key], add);
  }
  if (extra.nameReference) {
    const refs = base.nameReference.map((e) => ({ ...e }));
    for (const e of extra.nameReference) {
      const same = refs.find((r) => r.kind === e.kind && (r.group ?? '') === (e.group ?? '') && (r.version ?? '') === (e.version ?? ''));
      if (same) same.fieldSpecs = mergeSpecs(same.fieldSpecs, e.fieldSpecs);
      else refs.push({ ...e });
    }
    out.nameReference = refs;
  }
  return out;
}
