import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeoutMs, hostileString } from '@flotilla/reconcile-core/testing/fuzz';
import { DomainError } from '../common/domain-error.js';
import type { GitRepositoryInput } from './dto/git-repository.inputs.js';
import { validateGitRepositoryInput } from './git-repository.validation.js';

// A GitRepositoryInput is validated before anything is stored or fetched. Valid inputs come back as the
// spec they describe; any field replaced by a hostile string is BAD_USER_INPUT naming an input field, and a
// refusal never echoes a credential.

const SECRET = 'fuzz-secret-value';
const FIELD = /^(namespace|name|url|ref(\.\w+)?|interval|timeout|ignore|credentials(\.\w+)?|clearCredentials|suspend)$/;

const validInput: fc.Arbitrary<GitRepositoryInput> = fc.record(
  {
    namespace: fc.oneof(fc.constant(null), fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/)),
    name: fc.stringMatching(/^[a-z]([a-z0-9.-]{0,30}[a-z0-9])?$/).filter((n) => !n.includes('..') && !/\.-|-\./.test(n)),
    url: fc.tuple(fc.constantFrom('https', 'http'), fc.domain(), fc.stringMatching(/^[a-z0-9/_-]{0,20}$/)).map(([s, host, path]) => `${s}://${host}/${path}`),
    ref: fc.oneof(fc.constant(null), fc.record({ branch: fc.constantFrom('main', 'release/1.x') }), fc.record({ tag: fc.constantFrom('v1.0.0') }), fc.record({ semver: fc.constantFrom('>=1.0.0 <2.0.0', '1.x') })),
    interval: fc.constantFrom(null, '1m', '30s', '1h30m'),
    timeout: fc.constantFrom(null, '60s', '2m'),
    suspend: fc.constantFrom(null, true, false),
    credentials: fc.oneof(fc.constant(null), fc.constant({ username: 'git', password: SECRET }), fc.constant({ bearerToken: SECRET })),
  },
  { requiredKeys: ['name', 'url'] },
);

describe('validateGitRepositoryInput (fuzz)', () => {
  it('accepts valid inputs and keeps the URL, ref and interval as given', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const valid = validateGitRepositoryInput(input);
        expect(valid.name).toBe(input.name);
        expect(valid.spec.url).toBe(input.url);
        expect(valid.spec.interval).toBe(input.interval ?? '1m');
        expect(valid.credentials === undefined).toBe(!input.credentials);
      }),
      fuzzParams(200),
    );
  });

  it('answers one field replaced by a hostile string with BAD_USER_INPUT naming an input field, never echoing a secret', { timeout: fuzzTimeoutMs() }, () => {
    const fields = ['namespace', 'name', 'url', 'interval', 'timeout', 'ignore', 'ref.branch', 'ref.tag', 'ref.semver', 'ref.commit', 'ref.name', 'credentials.username', 'credentials.password', 'credentials.bearerToken'] as const;
    fc.assert(
      fc.property(validInput, fc.constantFrom(...fields), fc.oneof(hostileString, fc.string({ maxLength: 12 })), (input, field, value) => {
        const [head, sub] = field.split('.') as [keyof GitRepositoryInput, string | undefined];
        const mutated = structuredClone(input) as unknown as Record<string, unknown>;
        if (sub === undefined) mutated[head] = value;
        else mutated[head] = { ...((mutated[head] as object | null) ?? {}), [sub]: value };
        try {
          validateGitRepositoryInput(mutated as unknown as GitRepositoryInput);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe('BAD_USER_INPUT');
          expect((e as DomainError).field).toMatch(FIELD);
          expect((e as DomainError).message).not.toContain(SECRET);
        }
      }),
      fuzzParams(300),
    );
  });
});
