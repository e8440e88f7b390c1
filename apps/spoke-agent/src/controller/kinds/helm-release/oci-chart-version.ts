import { compareSemVersions, parseSemVersion, type SemVersion } from '@flotilla/reconcile-core';

// The version a chart from an OCIRepository is released with, as helm-controller sets it: the chart's own
// version with the first 12 hex characters of the artifact's manifest digest as build metadata, so that a tag
// pushed again with other content (a mutable tag) is a new version and upgrades the release. A revision
// `<tag>@sha256:<hex>` must name the chart's version (helm writes `+` as `_` in OCI tags); a bare digest
// revision is taken as it is.

export type OciChartVersion = { ok: true; version: string } | { ok: false; message: string };

const semverText = (v: SemVersion, metadata: string): string => `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}+${metadata}`;

function digestPrefix(digest: string): string | undefined {
  const m = /^(sha256|sha384|sha512):([0-9a-f]{12,})$/.exec(digest);
  return m?.[2]?.slice(0, 12);
}

export function ociChartVersion(chartVersion: string, revision: string): OciChartVersion {
  const chart = parseSemVersion(chartVersion);
  if (!chart) return { ok: false, message: `chart version '${chartVersion}' is not semver` };
  const at = revision.lastIndexOf('@');
  const digest = at >= 0 ? revision.slice(at + 1) : revision;
  const sha = digestPrefix(digest);
  if (!sha) return { ok: false, message: `failed to extract digest from artifact revision ${revision}` };
  if (at >= 0) {
    const tag = revision.slice(0, at).replaceAll('_', '+');
    const tagged = parseSemVersion(tag);
    if (!tagged) return { ok: false, message: `failed parsing artifact revision ${tag}` };
    if (compareSemVersions(tagged, chart) !== 0) return { ok: false, message: `artifact revision ${revision.slice(0, at)} does not match chart version ${chartVersion}` };
  }
  return { ok: true, version: semverText(chart, sha) };
}
