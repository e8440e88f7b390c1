import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatLabelSelector, labelSelectorFromObject, matchesLabelSelector, parseLabelSelector, type LabelSelectorObject } from './label-selector.js';
import { labelKeyErrors, labelValueErrors } from './label-validation.js';

// Answers recorded from k8s.io/apimachinery v0.35.4 (testdata/oracle/generate.sh): labels.Parse,
// metav1.LabelSelectorAsSelector, Selector.String and Matches against a fixed list of label sets, and the
// validation of label keys (IsQualifiedName) and values (IsValidLabelValue).
type Answer = { error: string } | { string: string; empty: boolean; matches: boolean[] };
type Case =
  | { op: 'selector'; text: string; sets: Record<string, string>[]; expected: Answer }
  | { op: 'labelSelector'; object: LabelSelectorObject; sets: Record<string, string>[]; expected: Answer }
  | { op: 'labelKey' | 'labelValue'; text: string; expected: { errors: string[] } };
const cases = JSON.parse(readFileSync(new URL('../../testdata/selector/expected.json', import.meta.url), 'utf8')) as Case[];

function check(parsed: ReturnType<typeof parseLabelSelector>, sets: Record<string, string>[], expected: Answer) {
  if ('error' in expected) {
    expect(parsed).toMatchObject({ ok: false, errors: [{ code: 'LABEL_SELECTOR_INVALID', message: expected.error }] });
    return;
  }
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  expect(formatLabelSelector(parsed.value)).toBe(expected.string);
  expect(parsed.value.length === 0).toBe(expected.empty);
  expect(sets.map((labels) => matchesLabelSelector(parsed.value, labels))).toEqual(expected.matches);
}

describe('label selectors answer as k8s.io/apimachinery does', () => {
  for (const c of cases) {
    if (c.op === 'selector') it(`labels.Parse(${JSON.stringify(c.text)})`, () => check(parseLabelSelector(c.text), c.sets, c.expected));
    if (c.op === 'labelSelector') it(`LabelSelectorAsSelector(${JSON.stringify(c.object)})`, () => check(labelSelectorFromObject(c.object), c.sets, c.expected));
  }
});

describe('label keys and values follow Kubernetes validation, with its messages', () => {
  for (const c of cases) {
    if (c.op === 'labelKey') it(`key ${JSON.stringify(c.text)}`, () => expect(labelKeyErrors(c.text)).toEqual(c.expected.errors));
    if (c.op === 'labelValue') it(`value ${JSON.stringify(c.text)}`, () => expect(labelValueErrors(c.text)).toEqual(c.expected.errors));
  }
});

describe('the canonical string parses back to the same selector', () => {
  for (const c of cases) {
    if (c.op !== 'selector' || 'error' in c.expected) continue;
    it(JSON.stringify(c.text), () => {
      const once = parseLabelSelector(c.text);
      const again = once.ok ? parseLabelSelector(formatLabelSelector(once.value)) : once;
      expect(again.ok && formatLabelSelector(again.value)).toBe('string' in c.expected && c.expected.string);
    });
  }
});
