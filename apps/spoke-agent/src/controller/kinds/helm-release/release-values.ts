import { mergeValues, setValueAtPath } from '@flotilla/reconcile-core';
import type { HelmReleaseSpec } from '@flotilla/protocol/flux';
import { parse } from 'yaml';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { readObjectData } from '../../../k8s/object-data.js';
import { isRecord } from '../../../k8s/object-ref.js';

// A HelmRelease's values as helm-controller composes them: each `valuesFrom` reference in order (a ConfigMap's
// or Secret's key, `values.yaml` by default, read as a YAML map and merged; or, with `targetPath`, the key's text
// set at that path as helm's --set does), then `spec.values` merged last. A missing reference marked
// `optional` is skipped. Messages name the object and key, never a value.

export type ComposedValues = { ok: true; values: Record<string, unknown> } | { ok: false; message: string };

const DEFAULT_KEY = 'values.yaml';

export async function composeValues(kube: KubeClient, namespace: string, spec: Pick<HelmReleaseSpec, 'valuesFrom' | 'values'>): Promise<ComposedValues> {
  let values: Record<string, unknown> = {};
  for (const ref of spec.valuesFrom ?? []) {
    const key = ref.valuesKey ?? DEFAULT_KEY;
    const what = `${ref.kind} '${namespace}/${ref.name}'`;
    let data: Record<string, string> | undefined;
    try {
      data = await readObjectData(kube, ref.kind, namespace, ref.name);
    } catch (err) {
      return { ok: false, message: `could not get ${what}: ${(err as Error).message}` };
    }
    if (!data) {
      if (ref.optional) continue;
      return { ok: false, message: `could not find ${what}` };
    }
    const text = data[key];
    if (text === undefined) {
      if (ref.optional) continue;
      return { ok: false, message: `missing key '${key}' in ${what}` };
    }
    if (ref.targetPath) {
      const set = setValueAtPath(values, ref.targetPath, text, ref.literal === true);
      if (!set.ok) return { ok: false, message: `unable to replace value at path '${ref.targetPath}' with value from key '${key}' in ${what}: ${set.message}` };
      values = set.values;
      continue;
    }
    let doc: unknown;
    try {
      doc = parse(text) ?? {};
    } catch (err) {
      return { ok: false, message: `unable to read values from key '${key}' in ${what}: ${(err as Error).message.split('\n')[0]}` };
    }
    if (!isRecord(doc)) return { ok: false, message: `unable to read values from key '${key}' in ${what}: not a YAML map` };
    values = mergeValues(values, doc);
  }
  if (isRecord(spec.values)) values = mergeValues(values, spec.values);
  return { ok: true, values };
}
