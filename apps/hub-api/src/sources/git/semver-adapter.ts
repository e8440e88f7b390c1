import semver from 'semver';

// Flux resolves `ref.semver` with github.com/Masterminds/semver/v3: tags are parsed leniently (`v` prefix,
// partial `1.2` → 1.2.0) and ranges may separate constraints with commas. reconcile-core has a faithful
// Masterminds port on its way to main (packages/reconcile-core/src/images/semver, branch core-logic);
// until then this adapter maps Masterminds syntax onto node-semver. Known gap, kept small on purpose:
// node-semver admits a prerelease only when a comparator on the same major.minor.patch names one, while
// Masterminds admits prereleases whenever the range mentions any. Swap `semverSelector` for the core port
// once it lands; the interface stays.

export interface SemverSelector {
  /** undefined when the range is valid; otherwise why not. */
  validateRange(range: string): string | undefined;
  /** The tag whose version is the highest satisfying the range, or undefined. */
  highest(range: string, tags: readonly string[]): string | undefined;
}

const lenientVersion = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Masterminds `NewVersion` (non-strict): `v1`, `1.2`, `v1.2.3-rc.1+build` are all versions. */
export function parseTagVersion(tag: string): string | undefined {
  const m = lenientVersion.exec(tag);
  if (!m) return undefined;
  const [, major, minor = '0', patch = '0', pre = '', build = ''] = m;
  const v = semver.parse(`${Number(major)}.${Number(minor)}.${Number(patch)}${pre}${build}`);
  return v?.version;
}

function toNodeRange(range: string): string {
  // Masterminds allows `,` between constraints of one group; node-semver wants spaces.
  return range
    .split('||')
    .map((group) => group.replace(/,/g, ' ').trim())
    .join(' || ');
}

export const semverSelector: SemverSelector = {
  validateRange(range) {
    if (range.trim() === '') return 'empty semver range';
    if (range.length > 512) return 'semver range longer than 512 characters';
    return semver.validRange(toNodeRange(range)) === null ? `invalid semver range ${JSON.stringify(range)}` : undefined;
  },
  highest(range, tags) {
    const nodeRange = toNodeRange(range);
    let best: { tag: string; version: string } | undefined;
    for (const tag of tags) {
      const version = parseTagVersion(tag);
      if (!version || !semver.satisfies(version, nodeRange)) continue;
      // Equal versions (`v1.0.0` and `1.0.0`): the later tag in sorted order wins, as a stable rule.
      if (!best || semver.gt(version, best.version) || (semver.eq(version, best.version) && tag > best.tag)) best = { tag, version };
    }
    return best?.tag;
  },
};
