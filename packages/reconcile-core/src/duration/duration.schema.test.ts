import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fluxDurationSchema } from './duration.schema.js';

describe('fluxDurationSchema', () => {
  const messages = (schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('keeps the text and checks it against the field’s Flux pattern and Go', () => {
    expect(fluxDurationSchema().parse('1m30s')).toBe('1m30s');
    expect(messages(fluxDurationSchema(), '10')).toEqual(['time: missing unit in duration "10"']);
    expect(messages(fluxDurationSchema(), '-1m')).toEqual(['invalid duration "-1m": use units ms, s, m or h, e.g. 30s, 5m, 1h30m']);
    expect(messages(fluxDurationSchema('sourceTimeout'), '1h')).toEqual(['invalid duration "1h": use units ms, s or m, e.g. 30s, 1m30s']);
    expect(messages(fluxDurationSchema(), '2562048h')).toEqual(['time: invalid duration "2562048h"']);
    expect(messages(fluxDurationSchema(), 5)).toHaveLength(1);
  });

  it('refuses zero only when asked to, naming the field', () => {
    expect(messages(fluxDurationSchema(), '0s')).toEqual([]);
    expect(messages(fluxDurationSchema('interval', { positive: true, label: 'interval' }), '0s')).toEqual(['interval must be greater than 0']);
  });

  it('has the CRD’s JSON schema: a string with Flux’s pattern, nothing more', () => {
    const { $schema: _, ...schema } = z.toJSONSchema(fluxDurationSchema('sourceTimeout'));
    expect(schema).toEqual({ type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$' });
  });
});
