import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';

// A chart's `values.schema.json` against the values a release would install with, as `helm install/upgrade`
// checks them (after coalescing the chart's defaults with the user's values). One rule for the hub (which
// refuses a release whose values break it) and the UI (which shows the problems while the values are typed).
// The draft follows the schema's `$schema` (2019-09, 2020-12, else draft-07, which reads draft-04/06 schemas
// too); formats are not asserted, as helm's validator only annotates them.

export interface ValuesSchemaProblem {
  /** Where in the values, e.g. ['image', 'tag'] ([] for the values as a whole). */
  path: string[];
  message: string;
}

export type CompiledValuesSchema = { ok: true; problems: (values: unknown) => ValuesSchemaProblem[] } | { ok: false; message: string };

const pointer = (instancePath: string): string[] => (instancePath ? instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : []);

function problemOf(e: ErrorObject): ValuesSchemaProblem {
  const path = pointer(e.instancePath);
  const params = e.params as { missingProperty?: string; additionalProperty?: string };
  if (e.keyword === 'required' && params.missingProperty) return { path: [...path, params.missingProperty], message: 'is required' };
  if (e.keyword === 'additionalProperties' && params.additionalProperty) return { path: [...path, params.additionalProperty], message: 'is not allowed by the schema (additionalProperties)' };
  return { path, message: e.message ?? `fails ${e.keyword}` };
}

function ajvFor(schema: Record<string, unknown>): Ajv {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  const opts = { allErrors: true, strict: false, validateFormats: false } as const;
  if (draft.includes('2020-12')) return new Ajv2020(opts);
  if (draft.includes('2019-09')) return new Ajv2019(opts);
  return new Ajv(opts);
}

/** Compiles a chart's values.schema.json (its JSON text or parsed value); a schema that does not compile is an error. */
export function compileValuesSchema(schema: unknown): CompiledValuesSchema {
  let parsed: unknown = schema;
  if (typeof schema === 'string') {
    try {
      parsed = JSON.parse(schema);
    } catch (err) {
      return { ok: false, message: `values.schema.json is not JSON: ${(err as Error).message}` };
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, message: 'values.schema.json is not a JSON object' };
  let validate: ValidateFunction;
  try {
    validate = ajvFor(parsed as Record<string, unknown>).compile(parsed as Record<string, unknown>);
  } catch (err) {
    return { ok: false, message: `values.schema.json is not a valid JSON schema: ${(err as Error).message}` };
  }
  return {
    ok: true,
    problems: (values) => {
      if (validate(values)) return [];
      const seen = new Set<string>();
      return (validate.errors ?? []).map(problemOf).filter((p) => {
        const key = `${p.path.join('.')}\u0000${p.message}`;
        return seen.has(key) ? false : (seen.add(key), true);
      });
    },
  };
}

/** `image.tag: must be string` — a problem as one line, as the hub's refusal and the editor show it. */
export const valuesProblemText = (p: ValuesSchemaProblem): string => `${p.path.length ? p.path.join('.') : '(root)'}: ${p.message}`;
