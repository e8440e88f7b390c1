import { selectLatestTag, semverRangeProblem } from '@flotilla/reconcile-core';

// source-controller picks a `ref.semver` tag by the rules ImagePolicy's semver policy uses
// (github.com/Masterminds/semver/v3 constraints, tags read by fluxcd/pkg/version), so the hub asks
// reconcile-core's port of them. The interface lets reconciler tests choose tags without ranges.

export interface SemverSelector {
  /** undefined when the range is valid; otherwise why not. */
  validateRange(range: string): string | undefined;
  /** The tag whose version is the highest satisfying the range, or undefined. */
  highest(range: string, tags: readonly string[]): string | undefined;
}

export const semverSelector: SemverSelector = {
  validateRange: semverRangeProblem,
  highest(range, tags) {
    // Among equal versions (`v1.0.0` and `1.0.0`) Flux takes the newest tag by date, which a ref listing
    // does not carry; the later tag name wins instead, a stable rule. The policy keeps the first of equals.
    const latest = selectLatestTag([...tags].sort().reverse(), { policy: { semver: { range } } });
    return latest.ok ? latest.value.tag : undefined;
  },
};
