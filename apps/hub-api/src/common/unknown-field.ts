// zod's objects drop keys they do not define; a Flux spec the hub stores must not lose a field silently, so the
// parsed output is compared with the input and the first key Flux does not define is named.

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The path of the first key of `input` that parsing dropped from `output`, or undefined when none was. */
export function unknownField(input: unknown, output: unknown, path: string[] = []): string[] | undefined {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (const [i, v] of input.entries()) {
      const found = unknownField(v, output[i], [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (!isPlainObject(input) || !isPlainObject(output)) return undefined;
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    // hasOwn, not `in`: `constructor` or `__proto__` is found on every object's prototype, yet no Flux field.
    if (!Object.hasOwn(output, k)) return [...path, k];
    const found = unknownField(v, output[k], [...path, k]);
    if (found) return found;
  }
  return undefined;
}
