import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envsubst } from './envsubst.js';

// Answers recorded from the real github.com/fluxcd/pkg/envsubst (testdata/oracle/generate.sh).
interface Case {
  text: string;
  vars: Record<string, string>;
  strict: boolean;
  expected: { value?: string; error?: string };
}
const cases = JSON.parse(
  readFileSync(new URL('../../testdata/envsubst/expected.json', import.meta.url), 'utf8'),
) as Case[];

// Differences we accept, with the reason. Keep this table short.
const skip = new Map<string, string>([]);

describe('envsubst matches fluxcd/pkg/envsubst (recorded oracle answers)', () => {
  for (const c of cases) {
    const name = `${JSON.stringify(c.text)} strict=${c.strict}`;
    it.skipIf(skip.has(c.text))(name, () => {
      const res = envsubst(c.text, c.vars, { strict: c.strict });
      if (c.expected.error !== undefined) {
        expect(res.ok).toBe(false);
        if (!res.ok) expect(res.errors[0]?.message).toContain(c.expected.error);
      } else {
        expect(res).toMatchObject({ ok: true, value: c.expected.value });
      }
    });
  }
});
