import { celEnv, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { coreError, fail, ok, type Result } from '../errors.js';
import { isRecord } from '../object/kube-object.js';

/** A parsed CEL expression, ready to evaluate against variables; evaluation never throws. */
export interface CelExpression {
  source: string;
  evaluateBoolean(variables: Record<string, unknown>): { ok: true; value: boolean } | { ok: false; message: string };
}

// Flux parses these expressions without declaring variables (fluxcd/pkg runtime/cel), so a field an object
// lacks is an evaluation error, not a parse error. Its environment adds the strings, sets and encoders
// extensions and optional types; @bufbuild/cel ships the strings extension only, so `sets.*`, `base64.*`
// and `?.` fail here as unknown functions or syntax: a deliberate, documented difference.
const env = celEnv({ funcs: strings });

// Kubernetes JSON integers are int64 in Go's unstructured objects; as bigints they stay CEL ints here too,
// so `status.replicas + 1` and `size(x) == status.count` mean what they mean in Flux.
function toCelInput(value: unknown): CelInput {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelInput);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCelInput(v)])) as CelInput;
  if (value === undefined) return null;
  return value as CelInput;
}

/** Parses `source` once; a syntax error is `CEL_EXPRESSION_INVALID` with the parser's position and reason. */
export function parseCelExpression(source: string): Result<CelExpression> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (err) {
    return fail(coreError('CEL_EXPRESSION_INVALID', `failed to parse the CEL expression '${source}': ${err instanceof Error ? err.message : String(err)}`));
  }
  const program = plan(env, parsed);
  return ok({
    source,
    evaluateBoolean(variables) {
      const bindings = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, toCelInput(v)]));
      let value: unknown;
      try {
        value = program(bindings);
      } catch (err) {
        value = err instanceof Error ? err : new Error(String(err));
      }
      if (isCelError(value) || value instanceof Error) return { ok: false, message: `failed to evaluate the CEL expression '${source}': ${value.message}` };
      if (typeof value !== 'boolean') return { ok: false, message: `failed to evaluate CEL expression as boolean: '${source}'` };
      return { ok: true, value };
    },
  });
}
