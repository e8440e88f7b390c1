import { isLabelKey, isLabelValue } from '@flotilla/reconcile-core';
import { badInput } from '../common/domain-error.js';

// Cluster names become Kubernetes-ish identifiers (Secret names, log fields): DNS-1123 label rules.
const namePattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const variableKeyPattern = /^[A-Za-z_][A-Za-z0-9_]{0,252}$/;

export function validClusterName(name: string, field: string): string {
  if (!namePattern.test(name)) {
    throw badInput(field, 'cluster names are 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit');
  }
  return name;
}

export function validLabels(labels: { key: string; value: string }[], field: string): Record<string, string> {
  const out = new Map<string, string>();
  labels.forEach(({ key, value }, i) => {
    if (!isLabelKey(key)) throw badInput(`${field}[${i}].key`, `"${key}" is not a valid Kubernetes label key`);
    if (!isLabelValue(value)) throw badInput(`${field}[${i}].value`, `"${value}" is not a valid Kubernetes label value`);
    if (out.has(key)) throw badInput(`${field}[${i}].key`, `label "${key}" is given twice`);
    out.set(key, value);
  });
  if (labels.length > 64) throw badInput(field, 'at most 64 labels');
  return Object.fromEntries(out);
}

/** postBuild substitution variable names follow Flux's rule (`^[_[:alpha:]][_[:alpha:][:digit:]]*$`). */
export function validVariables(variables: { key: string; value: string }[], field: string): Record<string, string> {
  // Collected in a Map and made an object with fromEntries: assigning `out['__proto__'] = value` would set
  // the prototype (or do nothing) instead of keeping the variable, and `__proto__` is a valid variable name.
  const out = new Map<string, string>();
  variables.forEach(({ key, value }, i) => {
    if (!variableKeyPattern.test(key)) throw badInput(`${field}[${i}].key`, `"${key}" is not a valid variable name (letters, digits, _; not starting with a digit)`);
    if (value.length > 4096) throw badInput(`${field}[${i}].value`, 'variable values are at most 4096 characters');
    if (out.has(key)) throw badInput(`${field}[${i}].key`, `variable "${key}" is given twice`);
    out.set(key, value);
  });
  if (variables.length > 256) throw badInput(field, 'at most 256 variables');
  return Object.fromEntries(out);
}
