import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { depthLimit } from './graphql-depth-limit.js';

const schema = buildSchema(`type Node { name: String, child: Node } type Query { root: Node }`);
const nested = (levels: number): string => `{ ${'root { '.repeat(1)}${'child { '.repeat(levels - 2)}name${' }'.repeat(levels - 1)} }`;

describe(depthLimit.name, () => {
  it('accepts queries up to the limit and refuses deeper ones with BAD_USER_INPUT', () => {
    expect(validate(schema, parse(nested(4)), [depthLimit(4)])).toEqual([]);
    const errors = validate(schema, parse(nested(5)), [depthLimit(4)]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('follows fragments and does not loop on recursive ones', () => {
    const q = `{ root { ...F } } fragment F on Node { child { child { child { name } } } }`;
    expect(validate(schema, parse(q), [depthLimit(4)])).toHaveLength(1);
    const recursive = `{ root { ...F } } fragment F on Node { child { ...F } }`;
    expect(() => validate(schema, parse(recursive), [depthLimit(4)])).not.toThrow();
  });

  it('ignores introspection', () => {
    const q = `{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }`;
    expect(validate(schema, parse(q), [depthLimit(2)])).toEqual([]);
  });
});
