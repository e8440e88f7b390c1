import { labelKeyErrors, labelValueErrors } from '@flotilla/reconcile-core/selector';

// Label keys and values follow reconcile-core's copy of Kubernetes' rules (the hub's). Kubernetes' messages
// speak of a "name part" and quote regular expressions; the form says the same in plain words, every problem
// at once.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Flux postBuild substitution: variable names must match ^[_[:alpha:]][_[:alpha:][:digit:]]*$ (flux.md §2).
const VARIABLE_NAME = /^[_A-Za-z][_A-Za-z0-9]*$/;

const CHARACTERS = 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit';

function plainKeyProblem(message: string): string {
  if (message.startsWith('a valid label key'))
    return 'A label key has at most one "/" (e.g. example.com/tier).';
  if (message === 'prefix part must be non-empty')
    return 'Put a domain before the "/" (e.g. example.com/tier), or remove the "/".';
  if (message.startsWith('prefix part must be no more than'))
    return 'The prefix before "/" must be at most 253 characters.';
  if (message.startsWith('prefix part'))
    return 'The prefix before "/" must be a lowercase DNS name, e.g. example.com.';
  if (message === 'name part must be non-empty') return 'Put the key after the "/", e.g. example.com/tier.';
  if (message.startsWith('name part must be no more than'))
    return 'The key must be at most 63 characters (not counting a prefix and "/").';
  return `Use ${CHARACTERS}.`;
}

const joined = (messages: string[]): string | null =>
  messages.length ? [...new Set(messages)].join(' ') : null;

/** Returns every problem of a label key in plain words, or null when Kubernetes accepts it. */
export function labelKeyError(key: string): string | null {
  if (key === '') return 'Key is required.';
  return joined(labelKeyErrors(key).map(plainKeyProblem));
}

/** Returns every problem of a label value in plain words, or null when Kubernetes accepts it. */
export function labelValueError(value: string): string | null {
  return joined(
    labelValueErrors(value).map((m) =>
      m.startsWith('must be no more than')
        ? 'A value must be at most 63 characters.'
        : `Use ${CHARACTERS}, or leave it empty.`,
    ),
  );
}

/** The rules of a Kubernetes labels editor (labels, matchLabels). */
export const labelRules = { key: labelKeyError, value: labelValueError };

/** Cluster names are DNS labels so they can appear in hostnames, object names and label values. */
export function clusterNameError(name: string): string | null {
  if (name === '') return 'Name is required.';
  if (name.length > 63) return 'Name must be at most 63 characters.';
  if (!DNS_LABEL.test(name))
    return 'Use lowercase letters, digits and "-", starting and ending with a letter or digit.';
  return null;
}

export function variableNameError(key: string): string | null {
  if (key === '') return 'Name is required.';
  if (!VARIABLE_NAME.test(key)) return 'Start with a letter or "_", then letters, digits or "_".';
  return null;
}

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface RowErrors {
  key?: string;
  value?: string;
}

/** Validates rows of a key/value editor, including duplicate keys; blank rows are ignored. */
export function validateRows(
  rows: readonly KeyValueRow[],
  rules: { key: (k: string) => string | null; value: (v: string) => string | null },
): { errors: RowErrors[]; valid: boolean } {
  const seen = new Map<string, number>();
  let valid = true;
  const errors = rows.map((row, i): RowErrors => {
    if (row.key === '' && row.value === '') return {};
    const result: RowErrors = {};
    const keyError = rules.key(row.key);
    const valueError = rules.value(row.value);
    if (keyError) result.key = keyError;
    else if (seen.has(row.key)) result.key = `Duplicate key (also in row ${(seen.get(row.key) ?? 0) + 1}).`;
    if (valueError) result.value = valueError;
    if (!seen.has(row.key)) seen.set(row.key, i);
    if (result.key || result.value) valid = false;
    return result;
  });
  return { errors, valid };
}

/** The non-blank rows, as the API wants them. */
export function filledRows(rows: readonly KeyValueRow[]): KeyValueRow[] {
  return rows.filter((r) => r.key !== '' || r.value !== '').map((r) => ({ key: r.key, value: r.value }));
}

/**
 * Places a hub BAD_USER_INPUT error whose field names a row (`labels[2].key`, `input.variables[0].value`)
 * on that row, so the message appears next to the input it is about. Returns null when it names no row.
 */
export function rowErrorFromField(
  field: string | undefined,
  list: string,
  message: string,
): { index: number; errors: RowErrors } | null {
  const match = new RegExp(`(?:^|\\.)${list}\\[(\\d+)\\]\\.(key|value)$`).exec(field ?? '');
  if (!match) return null;
  return { index: Number(match[1]), errors: { [match[2] as 'key' | 'value']: message } };
}

/** Client-side errors first; a server error fills in where the client found nothing. */
export function mergeRowErrors(
  client: RowErrors[],
  server: { index: number; errors: RowErrors } | null,
): RowErrors[] {
  if (!server) return client;
  return client.map((e, i) => (i === server.index ? { ...server.errors, ...e } : e));
}
