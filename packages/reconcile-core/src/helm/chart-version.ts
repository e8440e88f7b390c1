import { parseSemverRange, semverRangeMatches } from '../images/semver/range.js';
import { compareSemVersions, parseSemVersion, type SemVersion } from '../images/semver/version.js';

// A HelmChart's `version` against the versions a repository index lists: the highest version the range
// accepts, with Masterminds/semver's rules, which helm and Flux use. Versions that are not
// semver are skipped, as helm's index does.

export type ChartVersionChoice = { ok: true; version: string } | { ok: false; message: string };

export function selectChartVersion(chart: string, range: string, versions: readonly string[]): ChartVersionChoice {
  const parsed = parseSemverRange(range.trim() || '*');
  if (!parsed.ok) return { ok: false, message: `invalid chart reference: ${parsed.errors[0]?.message ?? `invalid version range '${range}'`}` };
  let best: { text: string; v: SemVersion } | undefined;
  for (const text of versions) {
    const v = parseSemVersion(text);
    if (!v || !semverRangeMatches(parsed.value, v)) continue;
    if (!best || compareSemVersions(v, best.v) > 0) best = { text, v };
  }
  if (!best) return { ok: false, message: `invalid chart reference: failed to get chart version for remote reference: no '${chart}' chart with version matching '${range}' found` };
  return { ok: true, version: best.text };
}
