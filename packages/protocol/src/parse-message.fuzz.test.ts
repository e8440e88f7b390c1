import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepNesting, fuzzParams, fuzzTimeoutMs, hostileJson, hostileString, mutationOf, withinMs, type JsonPath } from '@flotilla/reconcile-core/testing/fuzz';
import { parseMessage, type ParseResult } from './parse-message.js';
import { MESSAGES, type MessageType } from './registry.js';
import { PROTOCOL_VERSION } from './version.js';
import { validMessages } from './testing/valid-messages.js';

// What a broken or hostile peer can send: any JSON under any event name. parseMessage must answer every one
// with a result (never a throw), quickly, and a rejection must name a field without echoing a value.

const TYPES = Object.keys(MESSAGES) as MessageType[];
const MAX_MESSAGE_LENGTH = 4_096;

function checkedParse(type: string, payload: unknown, from?: 'agentToHub' | 'hubToAgent'): ParseResult<unknown> {
  const result = withinMs(2_000, () => parseMessage(type, payload, { version: PROTOCOL_VERSION, ...(from ? { from } : {}) }));
  if (!result.ok) {
    expect(['MESSAGE_INVALID', 'MESSAGE_TYPE_UNKNOWN', 'MESSAGE_TYPE_UNSUPPORTED']).toContain(result.error.code);
    // The message is logged and sent back to the peer: bounded, whatever the payload held.
    expect(result.error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(result.error.message).not.toMatch(/[\n\r]/);
  }
  return result;
}

describe('parseMessage (fuzz)', () => {
  it('answers arbitrary JSON under every message type, from either side, with a result', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.oneof(hostileJson(5), deepNesting), fc.constantFrom(undefined, 'agentToHub' as const, 'hubToAgent' as const), (type, payload, from) => {
        checkedParse(type, payload, from);
      }),
      fuzzParams(400),
    );
  });

  it('answers an unknown event name with MESSAGE_TYPE_UNKNOWN, never echoing more than a bounded name', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(hostileString, hostileJson(2), (type, payload) => {
        fc.pre(!Object.hasOwn(MESSAGES, type));
        const result = checkedParse(type, payload);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('MESSAGE_TYPE_UNKNOWN');
      }),
      fuzzParams(200),
    );
  });

  it('rejects a valid payload with one field broken by naming that field (or the object holding it)', { timeout: fuzzTimeoutMs() }, () => {
    const mutated = fc.constantFrom(...TYPES).chain((type) => mutationOf(validMessages[type]).map((m) => ({ type, ...m })));
    fc.assert(
      fc.property(mutated, ({ type, path, value }) => {
        const result = checkedParse(type, value);
        if (result.ok) return;
        expect(result.error.code).toBe('MESSAGE_INVALID');
        expect(result.error.message).toMatch(namesFieldOf(path));
      }),
      fuzzParams(600),
    );
  });

  it('accepts the valid payloads with unknown keys added (a newer peer may add optional fields)', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.string({ minLength: 1, maxLength: 20 }), hostileJson(2), (type, key, extra) => {
        const valid = validMessages[type] as Record<string, unknown>;
        fc.pre(!Object.hasOwn(valid, key) && key !== '__proto__');
        const result = checkedParse(type, { ...valid, [key]: extra });
        expect(result.ok).toBe(true);
      }),
      fuzzParams(200),
    );
  });
});

/**
 * A rejection names the broken field by its dotted path, or a prefix of it: a union or a refinement on an
 * object reports at the object, and a root that is not an object at all is `(payload)`.
 */
function namesFieldOf(path: JsonPath): RegExp {
  // A whole payload replaced: any field of it (or the payload itself) is the right one to name.
  if (path.length === 0) return /: \(payload\): |: [^ :;]+: /;
  // A long key is cut and quoted in the message, so only the part of the path before it is looked for.
  const long = path.findIndex((k) => String(k).length > 64);
  const named = long < 0 ? path : path.slice(0, long);
  const prefixes = named.map((_, i) => named.slice(0, i + 1).map(String).join('.'));
  const alternatives = ['\\(payload\\)', ...prefixes.map((p) => `(?:^|[ ;])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[.:])`)];
  return new RegExp(alternatives.join('|'));
}
