// Versions as github.com/Masterminds/semver/v3 reads them (the library behind Flux's ImagePolicy semver
// choice): loose by default — an optional `v`, missing minor/patch read as 0, leading zeros accepted in the
// numbers — but prerelease and build parts are validated. Segments are bigint because Go reads uint64.

export interface SemVersion {
  major: bigint;
  minor: bigint;
  patch: bigint;
  prerelease: string;
  metadata: string;
  original: string;
}

const MAX_VERSION_LENGTH = 256;
const UINT64_MAX = (1n << 64n) - 1n;
const LOOSE =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

/** Masterminds `NewVersion`. Returns undefined for anything it would reject. */
export function parseSemVersion(text: string): SemVersion | undefined {
  if (text.length > MAX_VERSION_LENGTH) return undefined;
  const m = LOOSE.exec(text);
  if (!m) return undefined;
  const major = toUint64(m[1]);
  const minor = m[2] ? toUint64(m[2].slice(1)) : 0n;
  const patch = m[3] ? toUint64(m[3].slice(1)) : 0n;
  if (major === undefined || minor === undefined || patch === undefined) return undefined;
  const prerelease = m[5] ?? '';
  const metadata = m[8] ?? '';
  if (prerelease && !validPrerelease(prerelease)) return undefined;
  return { major, minor, patch, prerelease, metadata, original: text };
}

/**
 * Flux's `version.ParseVersion` for image tags: a tag needs at least three dot-separated parts before the
 * loose parse, so `1.2` or `v3` are not versions to an ImagePolicy even though Masterminds would read them.
 */
export function parseImageTagVersion(tag: string): SemVersion | undefined {
  return tag.split('.').length >= 3 ? parseSemVersion(tag) : undefined;
}

function toUint64(digits: string | undefined): bigint | undefined {
  if (digits === undefined) return undefined;
  const n = BigInt(digits);
  return n > UINT64_MAX ? undefined : n;
}

function validPrerelease(pre: string): boolean {
  return pre.split('.').every((part) => {
    if (part === '') return false;
    if (/^[0-9]+$/.test(part)) return !(part.length > 1 && part.startsWith('0'));
    return /^[0-9A-Za-z-]+$/.test(part);
  });
}

/** Masterminds `Compare`: numbers, then prerelease (a release sorts after its prereleases); build ignored. */
export function compareSemVersions(a: SemVersion, b: SemVersion): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  return comparePrerelease(a.prerelease, b.prerelease);
}

export function comparePrerelease(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const d = comparePrePart(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sNum = /^[0-9]+$/.test(s) ? BigInt(s) : undefined;
  const oNum = /^[0-9]+$/.test(o) ? BigInt(o) : undefined;
  if (sNum === undefined && oNum === undefined) return s > o ? 1 : -1;
  if (oNum === undefined) return -1; // numeric identifiers sort before alphanumeric ones
  if (sNum === undefined) return 1;
  return sNum > oNum ? 1 : -1;
}
