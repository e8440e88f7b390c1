import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeHealth } from './compute-health.js';

// What Flux's own Go code answered for every row of test/health-cases.ts (fluxcd/cli-utils kstatus Compute;
// fluxcd/pkg/runtime's Job reader for Jobs), recorded by testdata/oracle/generate-health.sh.
interface Case {
  rule: string;
  object: Record<string, unknown>;
  expected: { status: string; reason?: string; message?: string; error?: string };
}
const cases = JSON.parse(
  readFileSync(new URL('../../testdata/health/expected.json', import.meta.url), 'utf8'),
) as Case[];

describe('computeHealth matches Flux kstatus (recorded oracle answers)', () => {
  it('has the recorded answers', () => expect(cases.length).toBeGreaterThan(50));
  for (const c of cases) {
    it(c.rule, () => {
      const got = computeHealth(c.object);
      expect(got.status).toBe(c.expected.status);
      if (c.expected.status !== 'Unknown') {
        expect(got.message).toBe(c.expected.message);
        if (c.expected.reason) expect(got.reason).toBe(c.expected.reason);
      }
    });
  }
});
