import { coreError, fail, ok, type Result } from '../../errors.js';
import { compareSemVersions, parseSemVersion, type SemVersion } from './version.js';

// Semver ranges with the semantics of github.com/Masterminds/semver/v3 `NewConstraint`/`Check`, which Flux's
// ImagePolicy uses. The differences from node-semver are deliberate and tested:
// - prereleases match only when the `||` group they are checked against mentions a prerelease anywhere
//   (node-semver needs one on the same major.minor.patch tuple);
// - partial versions are "dirty": `<=1.2` means below 1.3, `>1.2` means 1.3 or above, `!=1.x` excludes 1.*;
// - a bare version without operator (`1.2`) is a tilde range; `~1` is `>=1 <2`; `^0.0` is `>=0.0.0 <0.1.0`;
// - hyphen ranges are rewritten to `>= a, <= b` with the dirty rules above, so `1.2 - 1.4` includes 1.4.9;
// - constraints in a group may be separated by spaces or commas.

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

interface Constraint {
  op: Op;
  version: SemVersion;
  /** The version text as written, for messages. */
  original: string;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

export interface SemverRange {
  groups: Constraint[][];
  /** Per group: does any of its constraints carry a prerelease (then prereleases may match). */
  allowsPrerelease: boolean[];
  source: string;
}

const MAX_RANGE_LENGTH = 512;
const MAX_GROUPS = 32;

// The library's own patterns, including its quirks (a `|` inside the character classes).
const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
const OPS = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`;
const ONE = new RegExp(String.raw`^\s*(${OPS})\s*(${CV})\s*$`);
const HYPHEN = new RegExp(String.raw`\s*(${CV})\s+-\s+(${CV})\s*`, 'g');
const ONLY_OP = /^(?:=|!=|>|<|>=|=>|<=|=<|~|~>|\^)$/;

const isX = (s: string | undefined): boolean => s === 'x' || s === 'X' || s === '*';

/** Masterminds `NewConstraint`. */
export function parseSemverRange(range: string): Result<SemverRange> {
  const invalid = (why: string) =>
    fail<SemverRange>(
      coreError('SEMVER_RANGE_INVALID', `invalid semver range ${JSON.stringify(range)}: ${why}`),
    );
  if (range.length > MAX_RANGE_LENGTH) return invalid(`longer than ${MAX_RANGE_LENGTH} characters`);
  const rewritten = range.replace(
    HYPHEN,
    (_all, from: string, ...rest: unknown[]) => `>= ${from}, <= ${String(rest[9])} `,
  );
  const ors = rewritten.split('||');
  if (ors.length > MAX_GROUPS) return invalid(`more than ${MAX_GROUPS} || groups`);
  const groups: Constraint[][] = [];
  const allowsPrerelease: boolean[] = [];
  for (const group of ors) {
    const items = splitConstraints(group);
    if (!items) return invalid(`improper constraint ${JSON.stringify(group)}`);
    const parsed: Constraint[] = [];
    for (const item of items) {
      const c = parseConstraint(item);
      if (!c) return invalid(`improper constraint ${JSON.stringify(group)}`);
      parsed.push(c);
    }
    groups.push(parsed);
    allowsPrerelease.push(parsed.some((c) => c.version.prerelease !== ''));
  }
  return ok({ groups, allowsPrerelease, source: range });
}

/**
 * Splits one `||` group into its constraints, accepting what the library's validation pattern
 * `^\s*op\s*cv\s*((\s+|,\s*)op\s*cv\s*)*$` accepts. Done by hand because that pattern backtracks
 * exponentially in JavaScript on inputs like `>=1  >=1  … x` (Go's RE2 does not backtrack): constraints are
 * separated by whitespace or a comma, and an operator standing alone joins the version after it.
 */
function splitConstraints(group: string): string[] | undefined {
  const tokens: { text: string; commaBefore: boolean }[] = [];
  let commaPending = false;
  for (const piece of group.split(/(\s+|,)/)) {
    if (piece === '' || /^\s+$/.test(piece)) continue;
    if (piece === ',') {
      if (commaPending || tokens.length === 0) return undefined;
      commaPending = true;
      continue;
    }
    tokens.push({ text: piece, commaBefore: commaPending });
    commaPending = false;
  }
  if (commaPending || tokens.length === 0) return undefined;
  const items: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as { text: string; commaBefore: boolean };
    const next = tokens[i + 1];
    if (ONLY_OP.test(t.text) && next && !next.commaBefore) {
      items.push(`${t.text} ${next.text}`);
      i++;
    } else items.push(t.text);
  }
  return items;
}

function parseConstraint(text: string): Constraint | undefined {
  const m = ONE.exec(text);
  if (!m) return undefined;
  const op = (m[1] ?? '') as Op;
  const original = m[2] ?? '';
  const [major, minorPart = '', patchPart = '', pre = ''] = [m[3], m[4], m[5], m[6]];
  let versionText = original;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    versionText = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minorPart.slice(1)) || minorPart === '') {
    versionText = `${major}.0.0${pre}`;
    dirty = minorDirty = true;
  } else if (isX(patchPart.slice(1)) || patchPart === '') {
    versionText = `${major}${minorPart}.0${pre}`;
    dirty = patchDirty = true;
  }
  const version = parseSemVersion(versionText);
  if (!version) return undefined;
  return { op, version, original, dirty, minorDirty, patchDirty };
}

/** Masterminds `Constraints.Check`: true when any `||` group is satisfied by every one of its constraints. */
export function semverRangeMatches(range: SemverRange, v: SemVersion): boolean {
  return range.groups.some((group, i) => group.every((c) => check(c, v, range.allowsPrerelease[i] ?? false)));
}

function check(c: Constraint, v: SemVersion, includePre: boolean): boolean {
  if (v.prerelease !== '' && !includePre) return false;
  const cmp = compareSemVersions(v, c.version);
  const con = c.version;
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(c, v, cmp) : cmp === 0;
    case '!=':
      return notEqual(c, v, cmp);
    case '>':
      if (!c.dirty) return cmp > 0;
      if (v.major !== con.major) return v.major > con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.major > con.major) return false;
      if (v.major === con.major && v.minor > con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(c, v, cmp);
    case '^':
      return caret(c, v, cmp);
  }
}

function tilde(c: Constraint, v: SemVersion, cmp: number): boolean {
  const con = c.version;
  if (cmp < 0) return false;
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  return v.minor === con.minor || c.minorDirty;
}

function caret(c: Constraint, v: SemVersion, cmp: number): boolean {
  const con = c.version;
  if (cmp < 0) return false;
  if (con.major > 0n || c.minorDirty) return v.major === con.major;
  if (v.major > 0n) return false;
  if (con.minor > 0n || c.patchDirty) return v.minor === con.minor;
  if (v.minor > 0n) return false;
  return v.patch === con.patch;
}

function notEqual(c: Constraint, v: SemVersion, cmp: number): boolean {
  const con = c.version;
  if (c.dirty) {
    if (con.major !== v.major) return true;
    if (con.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (con.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) {
      if (v.prerelease !== '' || con.prerelease !== '') return v.prerelease !== con.prerelease;
      return false;
    }
  }
  return cmp !== 0;
}

/**
 * Why `range` is not a constraint a `ref.semver` or a semver policy can use (undefined when it is one): the
 * one rule the hub's GitRepository validation and the UI's form both apply.
 */
export function semverRangeProblem(range: string): string | undefined {
  if (range.trim() === '') return 'empty semver range';
  const parsed = parseSemverRange(range);
  return parsed.ok ? undefined : parsed.errors.map((e) => e.message).join('; ');
}
