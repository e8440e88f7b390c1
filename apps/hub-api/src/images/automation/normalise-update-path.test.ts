import { describe, expect, it } from 'vitest';
import { normaliseUpdatePath } from './automation-run.js';

describe('normaliseUpdatePath', () => {
  it.each([
    ['./', ''],
    ['.', ''],
    ['./apps/', 'apps'],
    ['apps/a.yaml', 'apps/a.yaml'],
    ['apps/../b.yaml', 'b.yaml'],
  ])('%s → %s', (given, clean) => {
    expect(normaliseUpdatePath(given)).toBe(clean);
  });

  it.each(['..', '../x', './../x', 'apps/../../x', '/etc/passwd'])('refuses %s, which leaves the repository', (given) => {
    expect(normaliseUpdatePath(given)).toBeUndefined();
  });
});
