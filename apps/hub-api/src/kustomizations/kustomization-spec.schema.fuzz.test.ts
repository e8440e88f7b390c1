import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCel } from '@flotilla/reconcile-core';
import { EVERY_KUSTOMIZATION_FIELD } from '@flotilla/protocol/flux/testing';
import { fuzzParams, fuzzTimeoutMs, hostileJson, jsonPaths, mutationOf, prototypeKey, replaceAt, withinMs, type JsonPath } from '@flotilla/reconcile-core/testing/fuzz';
import { DomainError } from '../common/domain-error.js';
import { validatePlacement } from './placement.js';
import { parseKustomizationSpec } from './kustomization-spec.schema.js';

// The spec a GraphQL client sends is the hub's most detailed input. Valid specs are accepted and parse to
// themselves again; a spec with one field broken is refused with the path of that field (or of the object
// holding it), never a throw.

const REQUIRED = ['sourceRef', 'interval', 'prune'] as const;
const OPTIONAL = Object.keys(EVERY_KUSTOMIZATION_FIELD).filter((k) => !(REQUIRED as readonly string[]).includes(k)) as Array<keyof typeof EVERY_KUSTOMIZATION_FIELD>;

/** A valid spec: the required fields and any subset of the others, from the spec that sets every field. */
const validSpec = fc.subarray(OPTIONAL).map((keys) => Object.fromEntries([...REQUIRED, ...keys].map((k) => [k, structuredClone(EVERY_KUSTOMIZATION_FIELD[k])])) as Record<string, unknown>);

function isPrefix(prefix: string, path: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}.`);
}

describe('parseKustomizationSpec (fuzz)', () => {
  // The callers await loadCelFor(spec) before validating; the generated specs include CEL expressions.
  beforeAll(() => loadCel());

  it('accepts valid specs, and what it returns parses to itself again', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        const parsed = parseKustomizationSpec(spec);
        expect(parsed.ok, parsed.ok ? '' : `${parsed.path}: ${parsed.message}`).toBe(true);
        if (!parsed.ok) return;
        expect(parseKustomizationSpec(parsed.value)).toEqual(parsed);
      }),
      fuzzParams(100),
    );
  });

  it('refuses a spec with one field broken, naming that field or the object around it', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(validSpec.chain((spec) => mutationOf(spec)), ({ path, value }) => {
        const parsed = withinMs(2_000, () => parseKustomizationSpec(value));
        if (parsed.ok) return;
        const mutated = path.map(String).join('.');
        // The error is on the path changed, a parent of it (a union, a refinement) or inside a replaced value.
        expect(isPrefix(parsed.path, mutated) || isPrefix(mutated, parsed.path), `${parsed.path} vs ${mutated}`).toBe(true);
        expect(parsed.message.length).toBeGreaterThan(0);
      }),
      fuzzParams(300),
    );
  });

  it('refuses an unknown field, prototype names included, naming it', { timeout: fuzzTimeoutMs() }, () => {
    const withUnknown = validSpec.chain((spec) => {
      const objects = jsonPaths(spec).filter((p) => {
        const node = p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], spec);
        return node !== null && typeof node === 'object' && !Array.isArray(node) && !isFreeMap(p);
      });
      return fc.record({ at: fc.constantFrom(...objects), key: fc.oneof(prototypeKey, fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,10}$/)), value: hostileJson(2) }).map(({ at, key, value }) => ({
        path: [...at, key] as JsonPath,
        spec: replaceAt(spec, [...at, key], value ?? null),
        known: Object.hasOwn(at.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], spec) as object, key),
      }));
    });
    fc.assert(
      fc.property(withUnknown, ({ path, spec, known }) => {
        fc.pre(!known);
        const parsed = parseKustomizationSpec(spec);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.path).toBe(path.map(String).join('.'));
      }),
      fuzzParams(200),
    );
  });
});

/** Maps whose keys are the user's (labels, annotations, substitute variables): any key is allowed there. */
function isFreeMap(path: JsonPath): boolean {
  const last = path.at(-1);
  return last === 'labels' || last === 'annotations' || last === 'substitute';
}

describe('validatePlacement (fuzz)', () => {
  it('answers any selector and names with a placement or a BAD_USER_INPUT naming the field', { timeout: fuzzTimeoutMs() }, () => {
    const selector = fc.oneof(fc.constantFrom('env=prod', 'env in (a,b),!legacy', ' ', 'x=', '=y', 'a,,b'), fc.string(), fc.constant(null));
    const names = fc.option(fc.array(fc.oneof(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/), fc.string()), { maxLength: 4 }), { nil: undefined });
    fc.assert(
      fc.property(selector, names, (clusterSelector, clusterNames) => {
        try {
          const placement = validatePlacement({ clusterSelector, clusterNames });
          expect(validatePlacement(placement)).toEqual(placement);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe('BAD_USER_INPUT');
          expect((e as DomainError).field).toMatch(/^placement\.(clusterSelector|clusterNames(\[\d+\])?)$/);
        }
      }),
      fuzzParams(300),
    );
  });
});
