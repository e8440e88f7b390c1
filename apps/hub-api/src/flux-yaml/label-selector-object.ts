import { parseLabelSelector, type LabelSelectorObject } from '@flotilla/reconcile-core';

const OBJECT_OPERATOR = { in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist', '!=': 'NotIn' } as const;

/**
 * The hub's selector text → metav1.LabelSelector. `>`/`<` have no object form (Kubernetes' LabelSelector has no
 * Gt/Lt): such a selector cannot be exported and is reported.
 */
export function selectorObject(text: string): LabelSelectorObject | { unexportable: string } {
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) return { unexportable: parsed.errors[0]?.message ?? 'invalid' };
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelectorObject['matchExpressions']> = [];
  for (const r of parsed.value) {
    if (r.operator === '=' || r.operator === '==') matchLabels[r.key] = r.values[0] ?? '';
    else if (r.operator === 'gt' || r.operator === 'lt') return { unexportable: `${r.key} ${r.operator === 'gt' ? '>' : '<'} has no metav1.LabelSelector form` };
    else matchExpressions.push({ key: r.key, operator: OBJECT_OPERATOR[r.operator], ...(r.operator === 'exists' || r.operator === '!' ? {} : { values: [...r.values].sort() }) });
  }
  return { ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}), ...(matchExpressions.length > 0 ? { matchExpressions } : {}) };
}
