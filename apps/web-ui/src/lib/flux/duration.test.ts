import { describe, expect, it } from 'vitest';
import { durationError } from './duration';
import { gitUrlError } from './git-url';
import { objectNameError, splitList } from './names';

describe('durationError (the Flux field rules, in form wording)', () => {
  it.each(['1m', '30s', '1h30m', '500ms', '1.5h', ' 10m '])('accepts %j', (v) => {
    expect(durationError(v)).toBeNull();
  });
  it.each(['1', '1d', 'm', '1 m', '-1m', '1us', 'PT1M', '2562048h'])('rejects %j', (v) => {
    expect(durationError(v)).toBe('Use a Go duration with units ms, s, m or h, e.g. 30s, 5m, 1h30m.');
  });
  it('a source timeout has no hours, as in source-controller', () => {
    expect(durationError('90s', { format: 'sourceTimeout' })).toBeNull();
    expect(durationError('1h', { format: 'sourceTimeout' })).toBe('Use a Go duration with units ms, s or m, e.g. 30s, 1m30s.');
  });
  it('empty is an error only when required', () => {
    expect(durationError('')).toBe('Required.');
    expect(durationError('', { required: false })).toBeNull();
  });
});

describe('gitUrlError', () => {
  it('accepts http, https and ssh', () => {
    expect(gitUrlError('https://example.com/org/repo.git')).toBeNull();
    expect(gitUrlError('http://127.0.0.1:3000/repo.git')).toBeNull();
    expect(gitUrlError('ssh://git@example.com/org/repo.git')).toBeNull();
    expect(gitUrlError('ssh://example.com/org/repo.git')).toBeNull();
  });
  it('rejects empty, relative, other schemes and inline credentials', () => {
    expect(gitUrlError('')).toMatch(/required/);
    expect(gitUrlError('github.com/org/repo')).toMatch(/full URL/);
    expect(gitUrlError('git://example.com/repo')).toMatch(/http/);
    expect(gitUrlError('https://u:p@example.com/repo')).toMatch(/credentials/);
  });
});

describe('names', () => {
  it('objectNameError follows DNS-1123 subdomains', () => {
    expect(objectNameError('podinfo')).toBeNull();
    expect(objectNameError('apps.prod')).toBeNull();
    expect(objectNameError('Podinfo')).toMatch(/lowercase/);
    expect(objectNameError('')).toMatch(/required/);
  });
  it('splitList drops blanks', () => expect(splitList(' a, b  c,,')).toEqual(['a', 'b', 'c']));
});
