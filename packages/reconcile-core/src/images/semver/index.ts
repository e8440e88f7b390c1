// SemVer versions and ranges without the rest of reconcile-core, for the browser bundle.
export { parseSemverRange, semverRangeMatches, semverRangeProblem, type SemverRange } from './range.js';
