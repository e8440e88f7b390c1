// The filter box and the placement field check selectors as you type with reconcile-core's parser, the one
// the hub uses, so the message shown is the one the hub (and kubectl) would give.
import { formatLabelSelector, parseLabelSelector } from '@flotilla/reconcile-core/selector';

/** Null when `selector` is a valid Kubernetes label selector; else why not. */
export function labelSelectorError(selector: string): string | null {
  const parsed = parseLabelSelector(selector);
  return parsed.ok ? null : parsed.errors.map((e) => e.message).join('; ');
}

/**
 * Narrows a selector to `key=value`: keeps the other requirements and replaces any earlier equality on the
 * same key (a cluster has one value per key, so two would select nothing). An unparsable selector is
 * replaced outright. The result is in Kubernetes' canonical order (by key).
 */
export function withEquality(selector: string, key: string, value: string): string {
  const parsed = parseLabelSelector(selector);
  const kept = parsed.ok ? parsed.value.filter((r) => !(r.key === key && (r.operator === '=' || r.operator === '=='))) : [];
  const next = parseLabelSelector(formatLabelSelector([...kept, { key, operator: '=', values: [value] }]));
  return next.ok ? formatLabelSelector(next.value) : `${key}=${value}`;
}
