import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parseSemverRange, semverRangeMatches, semverRangeProblem } from './range.js';
import { parseImageTagVersion } from './version.js';

function matches(range: string, tag: string): boolean | 'not-a-version' {
  const r = parseSemverRange(range);
  if (!r.ok) throw new Error(r.errors[0]?.message);
  const v = parseImageTagVersion(tag);
  return v === undefined ? 'not-a-version' : semverRangeMatches(r.value, v);
}

// Each row: where Masterminds (Flux) and node-semver disagree. The node-semver column proves the row tests
// something a naive port would get wrong; the expected values are the real library's (see the oracle table).
const differences: [rule: string, range: string, tag: string, masterminds: boolean][] = [
  ['a prerelease anywhere in the group lets every prerelease through', '>=1.0.0-0', '1.2.3-beta.2', true],
  ['a prerelease on another tuple passes a prerelease range', '>=1.2.3-beta.2', '1.3.0-rc.1', true],
  ['`!=` is a real "not equal", not an empty set', '!=1.2.3', '1.2.4', true],
  ['`=>` is accepted as `>=`', '=>1.2', '1.5.0', true],
  ['`=<` is accepted as `<=`', '=<1.2', '1.2.4', true],
  ['a comma separates constraints like a space', '>=1.2.3,<2.0.0', '1.4.6', true],
  ['`>=1.2.3, <2.0.0` is an AND, not an OR', '>=1.2.3, <2.0.0', '1.0.0', false],
];

describe('Masterminds semantics that differ from node-semver (flux.md §2 images: semver uses Masterminds)', () => {
  for (const [rule, range, tag, expected] of differences) {
    it(`${rule}: ${range} vs ${tag}`, () => {
      expect(matches(range, tag)).toBe(expected);
      let node: boolean;
      try {
        node = semver.satisfies(tag, range, { loose: true });
      } catch {
        node = !expected;
      }
      expect(node).not.toBe(expected);
    });
  }
});

describe('Masterminds range rules', () => {
  it('partial versions are "dirty": >1.2 means 1.3 or later, <=1.2 includes every 1.2.x', () => {
    expect(matches('>1.2', '1.2.4')).toBe(false);
    expect(matches('>1.2', '1.3.0')).toBe(true);
    expect(matches('<=1.2', '1.2.4')).toBe(true);
  });
  it('a bare partial version is a tilde range; ~1 spans the major; ^0 and ^0.0 follow the zero rules', () => {
    expect(matches('1.2', '1.2.4')).toBe(true);
    expect(matches('~1', '1.5.0')).toBe(true);
    expect(matches('^0.0', '0.0.4')).toBe(true);
    expect(matches('^0', '0.4.9')).toBe(true);
  });
  it('hyphen ranges include the upper bound; x-ranges and != x-ranges', () => {
    expect(matches('1.2.3 - 2', '2.0.0')).toBe(true);
    expect(matches('1.2 - 1.4.5', '1.4.6')).toBe(false);
    expect(matches('!=1.x', '1.5.0')).toBe(false);
    expect(matches('!=1.x', '2.0.0')).toBe(true);
  });
  it('prereleases are excluded unless the group mentions one (`^1.x-0` opts in)', () => {
    expect(matches('^1.2.3', '1.3.0-rc.1')).toBe(false);
    expect(matches('*', '1.3.0-rc.1')).toBe(false);
    expect(matches('^1.x-0', '1.3.0-rc.1')).toBe(true);
    expect(matches('^1.x-0', '2.0.0-rc.1')).toBe(false);
    expect(matches('>=1.2.3 || 2.x', '2.0.0-rc.1')).toBe(false);
  });
  it('tags: leading v and leading zeros are read, build metadata is ignored, fewer than three parts is not a version', () => {
    expect(matches('1.2.3', 'v1.2.3')).toBe(true);
    expect(matches('1.2.3', '01.02.03')).toBe(true);
    expect(matches('1.2.3', '1.2.3+build.5')).toBe(true);
    expect(matches('>=1.0', '1.2')).toBe('not-a-version');
    expect(matches('>=1.0', 'latest')).toBe('not-a-version');
  });
  it('rejects malformed ranges with SEMVER_RANGE_INVALID', () => {
    for (const bad of ['garbage', '', '>=a', '1.2.3.4', '>=1.2.3 <']) {
      const r = parseSemverRange(bad);
      expect(r.ok ? 'ok' : r.errors[0]?.code).toBe('SEMVER_RANGE_INVALID');
    }
  });
});

describe('hostile ranges', () => {
  // The library's validation regex backtracks exponentially in JavaScript on these (Go's RE2 does not); the
  // hand-written split answers at once. A regression shows up as this test hanging.
  it('rejects long malformed ranges without backtracking blow-ups', () => {
    for (const bad of [
      '>=1  '.repeat(100) + 'x!',
      '1 '.repeat(200) + '!',
      '1 -  '.repeat(100) + '!',
      ' '.repeat(500) + '!',
    ]) {
      expect(parseSemverRange(bad).ok).toBe(false);
    }
  });
  it('refuses ranges longer than 512 characters and more than 32 || groups, like Masterminds', () => {
    expect(parseSemverRange('1'.repeat(513)).ok).toBe(false);
    expect(parseSemverRange(Array.from({ length: 33 }, () => '1').join(' || ')).ok).toBe(false);
    expect(parseSemverRange(Array.from({ length: 32 }, () => '1').join(' || ')).ok).toBe(true);
  });
});

describe('semverRangeProblem (what a GitRepository ref.semver must be, at the hub and in the form)', () => {
  it.each(['>=1.0.0 <2.0.0', '1.x', '~1.2', '^1.0.0 || 2.x'])('accepts %s', (range) => {
    expect(semverRangeProblem(range)).toBeUndefined();
  });
  it.each([
    ['', 'empty semver range'],
    ['  ', 'empty semver range'],
    ['banana', 'invalid semver range "banana": improper constraint "banana"'],
  ])('refuses %j', (range, problem) => {
    expect(semverRangeProblem(range)).toBe(problem);
  });
});
