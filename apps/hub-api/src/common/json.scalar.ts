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

/**
 * Arbitrary JSON (Kustomization specs keep Flux's own shape). Validated by the resolvers' zod schemas, not here;
 * strings Postgres cannot store are refused for every input by the storable-input plugin.
 */
export const GraphQLJSON = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literal,
});
