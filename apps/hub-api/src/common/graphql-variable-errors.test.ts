import { describe, expect, it } from 'vitest';
import { buildSchema, getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { formatGraphqlError, withoutVariableValue } from './graphql-variable-errors.js';

const schema = buildSchema(`
  enum Kind { BASIC BEARER }
  input Creds { username: String password: String kind: Kind tries: Int }
  input Input { name: String! creds: Creds items: [String!] }
  type Query { ok(input: Input!): Boolean }
`);
const operation = parse('query($input: Input!) { ok(input: $input) }').definitions[0] as OperationDefinitionNode;
const secret = 'hunter2-the-secret';

/** The errors graphql-js itself gives for these variables, formatted as the hub answers them. */
const refused = (input: unknown): string[] => {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], { input });
  if (!('errors' in result) || !result.errors) throw new Error('expected errors');
  return result.errors.map((e) => formatGraphqlError(e.toJSON(), e).message);
};

describe(withoutVariableValue.name, () => {
  it.each([
    [{ name: 'a', creds: { username: 'u', password: secret, pasword: 'x' } }, 'Variable "$input" got an invalid value at "input.creds"; Field "pasword" is not defined by type "Creds".'],
    [{ name: 'a', creds: { password: secret, kind: 'SECRET' } }, 'Variable "$input" got an invalid value at "input.creds.kind"; Value does not exist in "Kind" enum.'],
    [{ name: 'a', creds: { password: secret, tries: secret } }, 'Variable "$input" got an invalid value at "input.creds.tries"; Int cannot represent this value.'],
    [{ name: secret, items: [secret, 7] }, 'Variable "$input" got an invalid value at "input.items[1]"; String cannot represent this value.'],
    [{ creds: { password: secret } }, 'Variable "$input" got an invalid value; Field "name" of required type "String!" was not provided.'],
    [secret, 'Variable "$input" got an invalid value; Expected type "Input" to be an object.'],
  ])('keeps the path and the reason of %j and drops the value', (input, message) => {
    expect(refused(input)).toEqual([message]);
  });

  it('a reason it does not know gives no detail rather than risk quoting the value', () => {
    const message = 'Variable "$at" got invalid value "hunter2" at "at.when"; DateTime cannot parse "hunter2"';
    expect(withoutVariableValue(message, 'DateTime cannot parse "hunter2"')).toBe('Variable "$at" got an invalid value at "at.when"; the value is not valid here.');
  });

  it('leaves other messages alone', () => {
    expect(withoutVariableValue('Variable "$input" of required type "Input!" was not provided.', undefined)).toBe('Variable "$input" of required type "Input!" was not provided.');
    expect(withoutVariableValue('Cannot query field "x" on type "Query".', 'whatever')).toBe('Cannot query field "x" on type "Query".');
  });
});
