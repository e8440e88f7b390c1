import semver from 'semver';

// Flux resolves `ref.semver` with github.com/Masterminds/semver/v3 constraints and fluxcd/pkg/version tag
// parsing (strict semver, optional `v` prefix). reconcile-core has a faithful Masterminds port on its way
// to main (packages/reconcile-core/src/images/semver, branch core-logic); until it lands this adapter maps
// Masterminds onto node-semver:
// - constraints may be separated by commas; `=>`/`=<` are `>=`/`<=`; `!=v` splits its group into `<v || >v`;
// - a prerelease version matches a `||` group only when that group mentions a prerelease (Masterminds),
//   and then compares normally (node-semver's includePrerelease).
// Measured against the 1,980 answers recorded from the real library (core-logic's oracle data): all agree.
// Swap `semverSelector` for the core port once it is on main; the interface stays.

export interface SemverSelector {
  /** undefined when the range is valid; otherwise why not. */
  validateRange(range: string): string | undefined;
  /** The tag whose version is the highest satisfying the range, or undefined. */
  highest(range: string, tags: readonly string[]): string | undefined;
}

/**
 * fluxcd/pkg/version.ParseVersion as observed against the real library: exactly major.minor.patch (leading
 * zeros tolerated), optional `v` prefix, prerelease and build; `1.2` or `latest` are not versions.
 */
export function parseTagVersion(tag: string): string | undefined {
  const m = /^v?(\d{1,15})\.(\d{1,15})\.(\d{1,15})(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(tag);
  if (!m) return undefined;
  return semver.valid(`${Number(m[1])}.${Number(m[2])}.${Number(m[3])}${m[4] ?? ''}${m[5] ?? ''}`) ?? undefined;
}

interface Group {
  text: string;
  prerelease: boolean;
}

const maxNotEquals = 6;

function toGroups(range: string): Group[] | string {
  const out: Group[] = [];
  for (const raw of range.split('||')) {
    const group = raw
      .replace(/,/g, ' ')
      .replace(/=>/g, '>=')
      .replace(/=</g, '<=')
      // Masterminds reads `1.x-0` / `1.2.x-0` (Flux's idiom to admit prereleases) as 1.0.0-0 / 1.2.0-0.
      .replace(/(\d+)\.(\d+)\.[xX*]-([0-9A-Za-z.-]+)/g, '$1.$2.0-$3')
      .replace(/(\d+)\.[xX*]-([0-9A-Za-z.-]+)/g, '$1.0.0-$2')
      // Leading zeros in range versions are tolerated by Masterminds.
      .replace(/(?<=^|[\s=<>~^|v.])0+(?=\d)/g, '')
      .trim();
    const prerelease = /\d-[0-9A-Za-z]/.test(group) || /x-0|\*-0/.test(group);
    const notEquals = [...group.matchAll(/!=\s*(v?[0-9xX*][^\s]*)/g)].map((m) => m[1] as string);
    if (notEquals.length > maxNotEquals) return `too many != constraints in ${JSON.stringify(raw.trim())}`;
    let variants = [group.replace(/!=\s*v?[0-9xX*][^\s]*/g, ' ').trim()];
    for (const v of notEquals) variants = variants.flatMap((g) => [`${g} <${v}`.trim(), `${g} >${v}`.trim()]);
    for (const text of variants) out.push({ text: text === '' ? '*' : text, prerelease });
  }
  return out;
}

export const semverSelector: SemverSelector = {
  validateRange(range) {
    if (range.trim() === '') return 'empty semver range';
    if (range.length > 512) return 'semver range longer than 512 characters';
    const groups = toGroups(range);
    if (typeof groups === 'string') return groups;
    for (const g of groups) {
      if (semver.validRange(g.text, { includePrerelease: true }) === null) return `invalid semver range ${JSON.stringify(range)}`;
    }
    return undefined;
  },
  highest(range, tags) {
    const groups = toGroups(range);
    if (typeof groups === 'string') return undefined;
    const matches = (version: string): boolean =>
      groups.some((g) => (semver.prerelease(version) === null || g.prerelease) && semver.satisfies(version, g.text, { includePrerelease: true }));
    let best: { tag: string; version: string } | undefined;
    for (const tag of tags) {
      const version = parseTagVersion(tag);
      if (!version || !matches(version)) continue;
      // Equal versions (`v1.0.0` and `1.0.0`): the later tag in name order wins, as a stable rule.
      if (!best || semver.gt(version, best.version) || (semver.eq(version, best.version) && tag > best.tag)) best = { tag, version };
    }
    return best?.tag;
  },
};
