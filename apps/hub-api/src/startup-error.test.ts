import { describe, expect, it } from 'vitest';
import { describeFailure } from './startup-error.js';

describe(describeFailure.name, () => {
  it('gives the message of an error', () => {
    expect(describeFailure(new Error('listen EADDRINUSE'))).toBe('listen EADDRINUSE');
  });

  it.each([undefined, null, '', new Error(''), 42])('never answers "undefined" for %s', (err) => {
    const text = describeFailure(err);
    expect(text).not.toMatch(/undefined|null/);
    expect(text).toContain('FLOTILLA_LOG_LEVEL=debug');
  });
});
