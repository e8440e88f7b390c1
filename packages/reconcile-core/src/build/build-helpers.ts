import type { JsonValue } from '../yaml/parse.js';
export { isObject, type Resource } from './resource.js';

export function stringListOf(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
