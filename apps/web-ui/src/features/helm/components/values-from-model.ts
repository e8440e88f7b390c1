import { parseTargetPath } from '@flotilla/reconcile-core/helm-values';
import { objectNameError } from '../../../lib/flux/names';
import { recordOf, stringOf } from '../../../lib/flux/spec-reading';

// `spec.valuesFrom` as form rows: each a ConfigMap's or Secret's key merged into the values in order, before
// `spec.values` (Flux's merge order). A targetPath is checked with the parser the agent sets values with, so a
// path the cluster would refuse is refused here; the hub's own pattern comes from Flux's spec (see the model).

export type ValuesFromKind = 'ConfigMap' | 'Secret';

export interface ValuesFromRow {
  kind: ValuesFromKind;
  name: string;
  /** Blank: Flux's default, `values.yaml`. */
  valuesKey: string;
  targetPath: string;
  optional: boolean;
  /** The stored reference, so its fields the form does not show (`literal`) survive an edit. */
  stored: Record<string, unknown>;
}

export const DEFAULT_VALUES_KEY = 'values.yaml';


export const emptyValuesFromRow = (): ValuesFromRow => ({ kind: 'ConfigMap', name: '', valuesKey: '', targetPath: '', optional: false, stored: {} });

export function valuesFromRows(spec: Record<string, unknown>): ValuesFromRow[] {
  const refs = Array.isArray(spec.valuesFrom) ? spec.valuesFrom.map(recordOf) : [];
  return refs.map((r) => ({
    kind: r.kind === 'Secret' ? 'Secret' : 'ConfigMap',
    name: stringOf(r.name),
    valuesKey: stringOf(r.valuesKey),
    targetPath: stringOf(r.targetPath),
    optional: r.optional === true,
    stored: r,
  }));
}

export function valuesFromSpec(rows: readonly ValuesFromRow[]): Record<string, unknown>[] | undefined {
  if (rows.length === 0) return undefined;
  return rows.map(({ kind, name, valuesKey, targetPath, optional, stored }) => {
    const ref: Record<string, unknown> = { ...stored, kind, name: name.trim() };
    for (const [k, v] of [['valuesKey', valuesKey.trim()], ['targetPath', targetPath.trim()]] as const) {
      if (v) ref[k] = v;
      else delete ref[k];
    }
    if (optional) ref.optional = true;
    else delete ref.optional;
    return ref;
  });
}

/** Problems keyed `valuesFrom.<i>.<field>`. */
export function valuesFromProblems(rows: readonly ValuesFromRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  rows.forEach((r, i) => {
    const name = objectNameError(r.name.trim());
    if (name) out[`valuesFrom.${i}.name`] = name;
    const path = r.targetPath.trim();
    if (path) {
      const parsed = parseTargetPath(path);
      if (!parsed.ok) out[`valuesFrom.${i}.targetPath`] = `Not a path helm can set a value at: ${parsed.message}.`;
    }
  });
  return out;
}
