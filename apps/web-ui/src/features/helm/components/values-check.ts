import { compileValuesSchema, mergeValues, type CompiledValuesSchema } from '@flotilla/reconcile-core/helm-values';
import { isMap, LineCounter, parseDocument } from 'yaml';

// What the values editor says about the text being typed: YAML errors at their line, then, when it parses to a
// map, every problem the chart's values.schema.json finds (the hub's own ajv rule, over the chart's defaults
// coalesced with these values, as helm checks them) at the line of the key it names.

export interface ValuesIssue {
  /** 1-based line in the editor. */
  line: number;
  /** The values path (`image.tag`), or '' for a YAML error. */
  path: string;
  message: string;
}

export type ValuesCheck = { values: Record<string, unknown> | null; issues: ValuesIssue[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Compiles the schema once per chart: ajv compiling is the expensive part of checking as one types. */
export function valuesSchemaOf(schemaText: string | null | undefined): CompiledValuesSchema | null {
  return schemaText ? compileValuesSchema(schemaText) : null;
}

/** The defaults of the chart as a map (its values.yaml), {} when absent or not a map. */
export function defaultsOf(defaultValues: string | null | undefined): Record<string, unknown> {
  if (!defaultValues) return {};
  const doc = parseDocument(defaultValues);
  const js: unknown = doc.errors.length ? {} : doc.toJS();
  return isRecord(js) ? js : {};
}

export function checkValues(text: string, defaults: Record<string, unknown>, schema: CompiledValuesSchema | null): ValuesCheck {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0)
    return { values: null, issues: doc.errors.map((e) => ({ line: lines.linePos(e.pos[0]).line, path: '', message: e.message.split('\n')[0] ?? e.message })) };
  const js: unknown = doc.toJS();
  if (js !== null && js !== undefined && !isRecord(js)) return { values: null, issues: [{ line: 1, path: '', message: 'Values must be a map (key: value), not a list or a scalar.' }] };
  const values = isRecord(js) ? js : {};
  if (!schema) return { values, issues: [] };
  if (!schema.ok) return { values, issues: [{ line: 1, path: '', message: `The chart's ${schema.message}; the hub does not check against it.` }] };
  const lineOf = (path: string[]): number => {
    // The deepest key of the path present in the text: a missing key is shown at its parent.
    for (let n = path.length; n > 0; n--) {
      const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
      if (!isMap(parent)) continue;
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
    return 1;
  };
  return {
    values,
    issues: schema.problems(mergeValues(defaults, values)).map((p) => ({ line: lineOf(p.path), path: p.path.join('.'), message: p.message })),
  };
}
