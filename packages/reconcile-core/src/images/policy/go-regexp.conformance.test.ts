import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandGoTemplate, goRegExp } from './go-regexp.js';

// filterTags semantics from Go's regexp (FindStringSubmatchIndex + Expand), recorded by
// testdata/oracle/generate.sh for 21 patterns × 10 tags.
interface Case {
  pattern: string;
  extract: string;
  tag: string;
  expected: { match?: boolean; value?: string; patternError?: string };
}
const cases = JSON.parse(
  readFileSync(new URL('../../../testdata/filter/expected.json', import.meta.url), 'utf8'),
) as Case[];
const byPattern = new Map<string, Case[]>();
for (const c of cases)
  byPattern.set(`${c.pattern} → ${c.extract}`, [...(byPattern.get(`${c.pattern} → ${c.extract}`) ?? []), c]);

describe('filterTags pattern/extract match Go regexp (recorded oracle answers)', () => {
  for (const [name, group] of byPattern) {
    it(name, () => {
      const first = group[0] as Case;
      const re = goRegExp(first.pattern);
      if (first.expected.patternError !== undefined) {
        expect(re).toBeUndefined();
        return;
      }
      expect(re).toBeDefined();
      const got = group.map((c) => {
        const m = re?.exec(c.tag);
        return {
          match: m !== null && m !== undefined,
          ...(m && c.extract !== '' ? { value: expandGoTemplate(c.extract, m) } : {}),
        };
      });
      expect(got).toEqual(group.map((c) => c.expected));
    });
  }
});
