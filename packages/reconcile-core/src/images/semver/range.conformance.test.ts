import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSemverRange, semverRangeMatches } from './range.js';
import { parseImageTagVersion } from './version.js';

// Answers recorded from the real github.com/Masterminds/semver/v3 v3.5.0 with Flux's tag parsing
// (testdata/oracle/generate.sh): 60+ ranges × 30 tags.
interface Case {
  range: string;
  version: string;
  expected: { match?: boolean; rangeError?: string; versionError?: string };
}
const cases = JSON.parse(
  readFileSync(new URL('../../../testdata/semver/expected.json', import.meta.url), 'utf8'),
) as Case[];
const byRange = new Map<string, Case[]>();
for (const c of cases) byRange.set(c.range, [...(byRange.get(c.range) ?? []), c]);

describe('semver ranges match Masterminds/semver v3 (recorded oracle answers)', () => {
  for (const [range, group] of byRange) {
    it(`range ${JSON.stringify(range)}`, () => {
      const parsed = parseSemverRange(range);
      const rangeError = group[0]?.expected.rangeError;
      if (rangeError !== undefined) {
        expect(parsed.ok, `Masterminds rejects it: ${rangeError}`).toBe(false);
        return;
      }
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const got = group.map((c) => {
        const v = parseImageTagVersion(c.version);
        return [c.version, v === undefined ? 'not-a-version' : semverRangeMatches(parsed.value, v)];
      });
      const want = group.map((c) => [
        c.version,
        c.expected.versionError !== undefined ? 'not-a-version' : c.expected.match,
      ]);
      expect(got).toEqual(want);
    });
  }
});
