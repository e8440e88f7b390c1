// Reading a stored Flux spec (GraphQL `JSON`) into form state: a field of the wrong shape reads as empty, so
// the form still opens; the hub's check on save says what is wrong.

export const recordOf = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export const stringOf = (v: unknown): string => (typeof v === 'string' ? v : '');
