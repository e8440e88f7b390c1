// Kubernetes' label key and value rules (k8s.io/apimachinery/pkg/util/validation IsQualifiedName and
// IsValidLabelValue), with its messages word for word: the API server, kubectl and the hub then say the same
// thing about the same key. Lengths are in UTF-8 bytes, as in Go.
import { DNS1123_SUBDOMAIN } from '../object/object-names.js';

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const VALUE_FMT = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const bytes = (s: string): number => new TextEncoder().encode(s).length;

/** apimachinery's RegexError, including its doubled space before each " or". */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** Why `key` is not a label key (empty when it is one): an optional DNS-subdomain prefix and `/`, then a name of at most 63 bytes. */
export function labelKeyErrors(key: string): string[] {
  const errors: string[] = [];
  const parts = key.split('/');
  if (parts.length > 2) {
    return [
      `a valid label key ${regexError(QUALIFIED_NAME_MSG, NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts.length === 2 ? (parts[1] ?? '') : key;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') errors.push('prefix part must be non-empty');
    else {
      if (bytes(prefix) > 253) errors.push('prefix part must be no more than 253 bytes');
      if (!DNS1123_SUBDOMAIN.test(prefix)) {
        errors.push(
          `prefix part ${regexError('a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character', DNS1123_SUBDOMAIN_FMT, 'example.com')}`,
        );
      }
    }
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (bytes(name) > 63) errors.push('name part must be no more than 63 bytes');
  if (!NAME.test(name)) errors.push(`name part ${regexError(QUALIFIED_NAME_MSG, NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

/** Why `value` is not a label value (empty when it is one): empty, or a name-shaped string of at most 63 bytes. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (bytes(value) > 63) errors.push('must be no more than 63 bytes');
  if (!VALUE.test(value)) {
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errors;
}

export const isLabelKey = (key: string): boolean => labelKeyErrors(key).length === 0;
export const isLabelValue = (value: string): boolean => labelValueErrors(value).length === 0;
