import { describe, expect, it } from 'vitest';
import { parseFluxDuration, parsePositiveFluxDuration } from './flux-duration.js';

describe('parsePositiveFluxDuration (the hub’s rule for Kustomization intervals and timeouts)', () => {
  it.each([
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
  ])('accepts %s', (text, ms) => {
    expect(parsePositiveFluxDuration(text)).toMatchObject({ ok: true, value: ms });
  });

  it('refuses a zero that Flux’s pattern lets through, naming the problem', () => {
    expect(parseFluxDuration('0s').ok).toBe(true);
    const zero = parsePositiveFluxDuration('0s');
    expect(zero.ok).toBe(false);
    if (!zero.ok) expect(zero.errors[0]!.message).toBe('must be greater than 0');
    expect(parsePositiveFluxDuration('0m0s').ok).toBe(false);
  });

  it('keeps Flux’s own message for a malformed duration', () => {
    const bad = parsePositiveFluxDuration('10 minutes');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.message).not.toBe('must be greater than 0');
  });
});
