import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';
import { current, failed, inProgress, intField, type HealthResult } from '../health/health-result.js';
import { apiVersionOf, groupOf, kindOf, type KubeObject } from '../object/kube-object.js';
import { parseCelExpression, type CelExpression } from './cel-expression.js';

/** One `healthCheckExprs` entry: which objects it covers and the CEL that says whether they are healthy. */
export interface HealthCheckExpr {
  apiVersion: string;
  kind?: string;
  current: string;
  inProgress?: string;
  failed?: string;
}

/** Health of the objects `healthCheckExprs` covers; other objects keep the built-in kstatus rules. */
export interface CustomHealth {
  /** The object's health by its expressions, or undefined when no entry covers it. */
  evaluate(obj: KubeObject): HealthResult | undefined;
}

interface Evaluator {
  inProgress?: CelExpression;
  failed?: CelExpression;
  current: CelExpression;
}

// An entry without a kind covers the whole API group (Flux keys those by group only).
const keyOf = (group: string, kind: string | undefined): string => `${group}/${kind ?? ''}`;

function evaluator(entry: HealthCheckExpr, index: number): Result<Evaluator> {
  const errors: CoreError[] = [];
  const parse = (name: string, source: string | undefined): CelExpression | undefined => {
    if (source === undefined || source === '') return undefined;
    const r = parseCelExpression(source);
    if (r.ok) return r.value;
    errors.push(coreError('CEL_EXPRESSION_INVALID', `healthCheckExprs[${index}].${name}: ${r.errors.map((e) => e.message).join('; ')}`));
    return undefined;
  };
  if (entry.current === '') return fail(coreError('CEL_EXPRESSION_INVALID', `healthCheckExprs[${index}].current: expression not specified`));
  const built = { current: parse('current', entry.current), inProgress: parse('inProgress', entry.inProgress), failed: parse('failed', entry.failed) };
  if (errors.length > 0 || !built.current) return fail(errors);
  return ok({ current: built.current, ...(built.inProgress ? { inProgress: built.inProgress } : {}), ...(built.failed ? { failed: built.failed } : {}) });
}

/**
 * Compiles `healthCheckExprs` as kustomize-controller does before it reconciles: every expression must parse
 * and no two entries may cover the same group and kind; any error is terminal (InvalidCELExpression).
 * Evaluation follows fluxcd/pkg's status evaluator: an object whose `status.observedGeneration` lags its
 * `metadata.generation` is InProgress; then `inProgress`, `failed` and `current` are tried in that order and
 * the first that is true decides; none true is InProgress. The object's top-level fields (`metadata`, `spec`,
 * `status`) are the variables. An expression that cannot be evaluated (a field the object lacks yet) leaves the
 * object Unknown, so a wait keeps polling, as kstatus does with a status reader error.
 */
export function compileHealthCheckExprs(entries: readonly HealthCheckExpr[]): Result<CustomHealth> {
  const table = new Map<string, Evaluator>();
  const errors: CoreError[] = [];
  entries.forEach((entry, i) => {
    const key = keyOf(groupOf(entry.apiVersion), entry.kind || undefined);
    if (table.has(key)) {
      errors.push(coreError('CEL_EXPRESSION_INVALID', `healthCheckExprs[${i}]: duplicate custom health check for ${entry.kind ? `${entry.kind}.` : ''}${groupOf(entry.apiVersion) || 'core'}`));
      return;
    }
    const e = evaluator(entry, i);
    if (e.ok) table.set(key, e.value);
    else errors.push(...e.errors);
  });
  if (errors.length > 0) return fail(errors);
  const find = (group: string, kind: string): Evaluator | undefined => table.get(keyOf(group, kind)) ?? table.get(keyOf(group, undefined));
  return ok({
    evaluate(obj) {
      const e = find(groupOf(apiVersionOf(obj) ?? ''), kindOf(obj) ?? '');
      if (!e) return undefined;
      const observed = intField(obj, 'status.observedGeneration', Number.NaN);
      const generation = intField(obj, 'metadata.generation', Number.NaN);
      if (!Number.isNaN(observed) && !Number.isNaN(generation) && observed !== generation) {
        return inProgress('LatestGenerationNotObserved', `observed generation ${observed} is not the latest ${generation}`);
      }
      const steps: [CelExpression | undefined, (expr: string) => HealthResult][] = [
        [e.inProgress, (x) => inProgress('CustomHealthCheck', `inProgress expression matched: ${x}`)],
        [e.failed, (x) => failed('CustomHealthCheck', `failed expression matched: ${x}`)],
        [e.current, (x) => current(`current expression matched: ${x}`)],
      ];
      for (const [expr, result] of steps) {
        if (!expr) continue;
        const r = expr.evaluateBoolean(obj);
        if (!r.ok) return { status: 'Unknown', message: r.message };
        if (r.value) return result(expr.source);
      }
      return inProgress('CustomHealthCheck', 'no health check expression matched');
    },
  });
}
