// How go-yaml v2 (through sigs.k8s.io/yaml, kustomize's output path) decides to quote a string:
// first its own resolver (would the plain text read back as something else?), then libyaml's analysis
// of indicators, spaces, breaks and unprintable characters.

const V2_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT_RE = /^[+-]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TS_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[+-]\d{1,2}(?::\d{2})?))|(?: \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?))?$/;

function isTimestamp(s: string): boolean {
  const m = TS_RE.exec(s);
  if (!m) return false;
  const mo = Number(m[2]), d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

function floatParses(s: string): boolean {
  return Number.isFinite(Number(s));
}

/** True when go-yaml v2 would read the plain text back as a string. */
export function resolvesAsString(s: string): boolean {
  if (V2_MAP.has(s)) return false;
  const c = s.charAt(0);
  if (c === '.') return !(/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && floatParses(s));
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (c >= '0' && c <= '9' && isTimestamp(s)) return false;
    const plain = s.replace(/_/g, '');
    if (INT_RE.test(plain)) {
      // ParseInt/ParseUint overflow makes Go fall through to the float check.
      if (Number.isFinite(Number(plain.replace(/^\+/, ''))) || /^[+-]?0[xXoObB]/.test(plain)) return false;
    }
    if (FLOAT_RE.test(plain) && floatParses(plain)) return false;
    return true;
  }
  return true;
}

export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s.charAt(0);
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_RE.test(s);
}

export interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBreak = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isSpace = (c: number): boolean => c === 0x20;
const isBlankz = (c: number | undefined): boolean => c === undefined || c === 0x20 || c === 0x09 || isBreak(c) || c === 0;

/** libyaml's is_printable over a code point (unicode output enabled). */
export function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

export function analyzeScalar(s: string): ScalarAnalysis {
  const cps: number[] = [];
  for (const ch of s) cps.push(ch.codePointAt(0) as number);
  if (cps.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let lineBreaks = false, specialCharacters = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankz(cps[1]);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i] as number;
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true;
      if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
    followedByWhitespace = isBlankz(cps[i + 2]);
  }
  let blockPlainAllowed = true, singleQuotedAllowed = true, blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

// Identifiers, paths and image names need no analysis: plain unless they read back as a bool/null.
const SAFE_PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

export function chooseStringStyle(s: string, simpleKey: boolean): ScalarStyle {
  if (SAFE_PLAIN.test(s)) return V2_MAP.has(s) ? 'double' : 'plain';
  let style: ScalarStyle;
  if (s.includes('\n')) style = 'literal';
  else if (resolvesAsString(s) && !isBase60Float(s)) style = 'plain';
  else style = 'double';
  const a = analyzeScalar(s);
  if (style === 'plain') {
    if (!a.blockPlainAllowed || (s.length === 0 && simpleKey)) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}
