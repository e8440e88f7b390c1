import { describe, expect, it } from 'vitest';
import { compileValuesSchema, valuesProblemText } from './values-schema.js';

describe('compileValuesSchema (a chart’s values.schema.json, as helm checks values)', () => {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['image'],
    additionalProperties: false,
    properties: { replicaCount: { type: 'integer', minimum: 1 }, image: { type: 'object', properties: { tag: { type: 'string' } } } },
  };

  it('every problem at once, each at its path (required and additionalProperties at the key they name)', () => {
    const c = compileValuesSchema(JSON.stringify(schema));
    if (!c.ok) throw new Error(c.message);
    expect(c.problems({ replicaCount: 0, extra: true }).map(valuesProblemText).sort()).toEqual([
      'extra: is not allowed by the schema (additionalProperties)',
      'image: is required',
      'replicaCount: must be >= 1',
    ]);
    expect(c.problems({ image: { tag: 7 } }).map(valuesProblemText)).toEqual(['image.tag: must be string']);
    expect(c.problems({ image: { tag: '1.0' }, replicaCount: 2 })).toEqual([]);
  });

  it('a 2020-12 schema is read with that draft (prefixItems)', () => {
    const c = compileValuesSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] } } });
    if (!c.ok) throw new Error(c.message);
    expect(c.problems({ pair: ['a', 'b'] }).map(valuesProblemText)).toEqual(['pair.1: must be integer']);
  });

  it('a schema that is not JSON or not a schema is an error, not a pass', () => {
    expect(compileValuesSchema('{ nope')).toMatchObject({ ok: false, message: expect.stringContaining('not JSON') });
    expect(compileValuesSchema({ type: 'no-such-type' })).toMatchObject({ ok: false, message: expect.stringContaining('not a valid JSON schema') });
  });
});
