import { coreError, fail, ok, type Result } from '../../errors.js';
import { parseSemverRange, semverRangeMatches } from '../semver/range.js';
import { compareSemVersions, parseImageTagVersion, type SemVersion } from '../semver/version.js';
import { expandGoTemplate, goRegExp } from './go-regexp.js';

/** `spec.policy` of an ImagePolicy (image.toolkit.fluxcd.io/v1). */
export type ImagePolicyChoice =
  | { semver: { range: string }; alphabetical?: undefined; numerical?: undefined }
  | { alphabetical: { order?: string }; semver?: undefined; numerical?: undefined }
  | { numerical: { order?: string }; semver?: undefined; alphabetical?: undefined };

export interface ImagePolicySpec {
  policy: ImagePolicyChoice;
  filterTags?: { pattern?: string; extract?: string };
}

export interface LatestTag {
  /** The tag as the registry lists it. */
  tag: string;
  /** The value the policy compared: the tag, or what `filterTags.extract` made of it. */
  compared: string;
}

/**
 * Picks the latest image tag as Flux's image-reflector-controller does: `filterTags.pattern` first (its
 * `extract` template makes the compared value), then the policy — semver (Masterminds range; tags need three
 * dot-separated parts), alphabetical or numerical, where `asc` (default) takes the last in ascending order.
 */
export function selectLatestTag(tags: readonly string[], spec: ImagePolicySpec): Result<LatestTag> {
  const candidates = new Map<string, string>(); // compared value → original tag
  if (spec.filterTags) {
    const re = goRegExp(spec.filterTags.pattern ?? '');
    if (!re)
      return fail(
        coreError(
          'IMAGE_POLICY_INVALID',
          `invalid regular expression pattern '${spec.filterTags.pattern ?? ''}'`,
        ),
      );
    const extract = spec.filterTags.extract ?? '';
    for (const tag of tags) {
      const m = re.exec(tag);
      if (m) candidates.set(extract === '' ? tag : expandGoTemplate(extract, m), tag);
    }
  } else {
    for (const tag of tags) candidates.set(tag, tag);
  }
  const values = [...candidates.keys()];
  if (values.length === 0)
    return fail(
      coreError(
        'IMAGE_POLICY_NO_CANDIDATE',
        'no tag left to choose from (version list argument cannot be empty)',
      ),
    );
  const latest = pickLatest(values, spec.policy);
  if (!latest.ok) return latest;
  return ok({ tag: candidates.get(latest.value) ?? latest.value, compared: latest.value });
}

function pickLatest(values: string[], choice: ImagePolicyChoice): Result<string> {
  if (choice.semver) return latestSemver(values, choice.semver.range);
  if (choice.alphabetical) {
    const order = parseOrder(choice.alphabetical.order);
    if (!order) return badOrder(choice.alphabetical.order);
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return ok((order === 'ASC' ? sorted[sorted.length - 1] : sorted[0]) as string);
  }
  if (choice.numerical) {
    const order = parseOrder(choice.numerical.order);
    if (!order) return badOrder(choice.numerical.order);
    return latestNumber(values, order);
  }
  return fail(
    coreError(
      'IMAGE_POLICY_INVALID',
      'given ImagePolicyChoice object is invalid: set one of semver, alphabetical, numerical',
    ),
  );
}

function parseOrder(order: string | undefined): 'ASC' | 'DESC' | undefined {
  const upper = (order ?? '').toUpperCase();
  if (upper === '' || upper === 'ASC') return 'ASC';
  return upper === 'DESC' ? 'DESC' : undefined;
}

function badOrder(order: string | undefined): Result<string> {
  return fail(
    coreError(
      'IMAGE_POLICY_INVALID',
      `invalid order argument provided: '${order ?? ''}', must be one of: ASC, DESC`,
    ),
  );
}

function latestSemver(values: string[], range: string): Result<string> {
  const parsed = parseSemverRange(range);
  if (!parsed.ok) return parsed;
  let best: SemVersion | undefined;
  for (const value of values) {
    const v = parseImageTagVersion(value);
    if (v && semverRangeMatches(parsed.value, v) && (!best || compareSemVersions(v, best) > 0)) best = v;
  }
  return best
    ? ok(best.original)
    : fail(
        coreError(
          'IMAGE_POLICY_NO_CANDIDATE',
          `unable to determine latest version from provided list for range '${range}'`,
        ),
      );
}

// Go's strconv.ParseFloat: decimal or hex floats, inf/infinity/nan in any case; no underscores without prefix.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/;
function parseGoFloat(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (HEX.test(text)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(text);
    if (!m) return undefined;
    const [, sign, int = '', frac = '', exp = '0'] = m;
    const mantissa = parseInt(int || '0', 16) + (frac ? parseInt(frac, 16) / 16 ** frac.length : 0);
    return (sign === '-' ? -1 : 1) * mantissa * 2 ** Number(exp);
  }
  return undefined;
}

function latestNumber(values: string[], order: 'ASC' | 'DESC'): Result<string> {
  let latest: string | undefined;
  let best = 0;
  for (const value of values) {
    const n = parseGoFloat(value);
    if (n === undefined) {
      return fail(
        coreError(
          'IMAGE_TAG_NOT_NUMERIC',
          `failed to parse invalid numeric value '${value}' (use filterTags to keep only numeric tags)`,
        ),
      );
    }
    // As in Flux, a later tag wins ties; NaN compares false both ways and so also replaces.
    if (latest === undefined || !((order === 'ASC' && n < best) || (order === 'DESC' && n > best))) {
      latest = value;
      best = n;
    }
  }
  return ok(latest as string);
}
