import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literal(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value)]));
    default:
      // Variables inside JSON literals are not supported: pass the whole value as a variable instead.
      throw new TypeError('JSON literals cannot contain variables; pass the value as a variable');
  }
}

// NUL and unpaired surrogates are valid in a JS string but not in Postgres text or jsonb, where the insert
// would fail with a server error; no Flux field needs them.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses a value holding a string (or key) Postgres cannot store. Iterative, so a value nested thousands of
 * levels deep is walked without exhausting the stack.
 */
function storable<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (v.includes('\0') || UNPAIRED_SURROGATE.test(v)) throw new TypeError('JSON strings may not contain NUL characters or unpaired surrogates');
    } else if (Array.isArray(v)) {
      for (const item of v) pending.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) pending.push(k, child);
    }
  }
  return value;
}

/** Arbitrary JSON (Kustomization specs keep Flux's own shape). Validated by the resolvers' zod schemas, not here. */
export const GraphQLJSON = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (v) => v,
  parseValue: storable,
  parseLiteral: (node) => storable(literal(node)),
});
