import type { HelmReleaseSpec } from '@flotilla/protocol/flux';
import type { ReleaseRecord } from './release-records.js';

// helm-controller's decision, as pure functions: what state the release is in (Helm's newest stored revision
// compared with the object's last snapshot and the desired chart and values), then the next action for that
// state under the object's remediation settings. The reconciler runs the action, reads helm's records again
// and asks again, until nothing is left to do or the strategy says to stop.

/** One release revision as the object's `status.history` records it: helm's record without its manifest. */
export type Snapshot = Omit<ReleaseRecord, 'secretName' | 'description' | 'manifest'>;

export interface Desired {
  chartName: string;
  chartVersion: string;
  configDigest: string;
  testEnabled: boolean;
  ignoreTestFailures: boolean;
  /** The post-renderers or commonMetadata differ from those of the last release made (helm-controller's digests). */
  postRenderChanged?: boolean;
}

export type ReleaseState =
  | { status: 'Absent'; reason: string }
  | { status: 'Locked'; record: ReleaseRecord }
  | { status: 'Unmanaged'; reason: string }
  | { status: 'OutOfSync'; reason: string }
  | { status: 'Untested' }
  | { status: 'Failed'; reason: string }
  | { status: 'InSync'; record: ReleaseRecord }
  | { status: 'Unknown'; reason: string };

export function determineReleaseState(records: readonly ReleaseRecord[], history: readonly Snapshot[], desired: Desired): ReleaseState {
  const latest = records[0];
  if (!latest) return { status: 'Absent', reason: 'no release in storage for object' };
  if (latest.status.startsWith('pending-')) return { status: 'Locked', record: latest };
  const cur = history[0];
  if (!cur) return latest.status === 'uninstalled' ? { status: 'Absent', reason: 'found uninstalled release in storage' } : { status: 'Unmanaged', reason: 'found existing release in storage' };
  if (cur.name !== latest.name || cur.version !== latest.version) return { status: 'Unmanaged', reason: 'release not observed to be made for object' };
  if (cur.digest !== latest.digest) return { status: 'Unmanaged', reason: 'release digest verification error' };
  switch (latest.status) {
    case 'failed':
      return { status: 'Failed', reason: latest.description };
    case 'uninstalled':
      return { status: 'Absent', reason: 'found uninstalled release in storage' };
    case 'deployed': {
      if (latest.chartName !== desired.chartName || latest.chartVersion !== desired.chartVersion) return { status: 'OutOfSync', reason: 'release chart changed' };
      if (latest.configDigest !== desired.configDigest) return { status: 'OutOfSync', reason: 'release config digest changed' };
      if (desired.postRenderChanged) return { status: 'OutOfSync', reason: 'release post-renderers digest changed' };
      if (desired.testEnabled) {
        if (!cur.testHooks) return { status: 'Untested' };
        if (!desired.ignoreTestFailures && Object.values(cur.testHooks).some((h) => h.phase === 'Failed')) return { status: 'Failed', reason: 'release has test in failed phase' };
      }
      return { status: 'InSync', record: latest };
    }
    default:
      return { status: 'Unknown', reason: `unable to determine state for release with status '${latest.status}'` };
  }
}

export type ReleaseAction = 'install' | 'upgrade' | 'test' | 'rollback' | 'uninstall' | 'unlock';

/** The remediation of the action last attempted (install or upgrade), with the settings' defaults. */
export interface Remediation {
  action: 'install' | 'upgrade';
  retries: number;
  failures: number;
  strategy: 'rollback' | 'uninstall';
  remediateLastFailure: boolean;
  ignoreTestFailures: boolean;
}

export interface FailureCounts {
  failures: number;
  installFailures: number;
  upgradeFailures: number;
}

export function retriesExhausted(r: Pick<Remediation, 'retries' | 'failures'>): boolean {
  return r.retries >= 0 && r.failures > r.retries;
}

function remediationOf(spec: HelmReleaseSpec, action: 'install' | 'upgrade', counts: FailureCounts): Remediation {
  const rem = action === 'install' ? spec.install?.remediation : spec.upgrade?.remediation;
  const retries = rem?.retries ?? 0;
  return {
    action,
    retries,
    failures: action === 'install' ? counts.installFailures : counts.upgradeFailures,
    // Installs are remediated by uninstalling; upgrades by rolling back unless told to uninstall.
    strategy: action === 'install' ? 'uninstall' : (spec.upgrade?.remediation?.strategy ?? 'rollback'),
    remediateLastFailure: rem?.remediateLastFailure ?? retries > 0,
    ignoreTestFailures: rem?.ignoreTestFailures ?? spec.test?.ignoreFailures ?? false,
  };
}

export const strategyOf = (spec: HelmReleaseSpec, action: 'install' | 'upgrade'): 'RemediateOnFailure' | 'RetryOnFailure' => (action === 'install' ? spec.install?.strategy?.name : spec.upgrade?.strategy?.name) ?? 'RemediateOnFailure';

/** The remediation in force: the last attempted action's, unless that action retries instead of remediating. */
export function activeRemediation(spec: HelmReleaseSpec, lastAction: 'install' | 'upgrade' | undefined, counts: FailureCounts): Remediation | undefined {
  if (!lastAction || strategyOf(spec, lastAction) === 'RetryOnFailure') return undefined;
  return remediationOf(spec, lastAction, counts);
}

export type Next = { action: ReleaseAction } | { action: 'none' } | { action: 'stalled'; message: string } | { action: 'error'; message: string };

export function nextAction(state: ReleaseState, spec: HelmReleaseSpec, lastAction: 'install' | 'upgrade' | undefined, counts: FailureCounts, hasRollbackTarget: boolean): Next {
  switch (state.status) {
    case 'InSync':
      return { action: 'none' };
    case 'Locked':
      return { action: 'unlock' };
    case 'Absent':
      if (strategyOf(spec, 'install') === 'RemediateOnFailure' && retriesExhausted(remediationOf(spec, 'install', counts))) return { action: 'stalled', message: 'cannot install release' };
      return { action: 'install' };
    case 'Unmanaged':
      return { action: 'upgrade' };
    case 'OutOfSync':
      if (strategyOf(spec, 'upgrade') === 'RemediateOnFailure' && retriesExhausted(remediationOf(spec, 'upgrade', counts))) return { action: 'stalled', message: 'cannot upgrade release' };
      return { action: 'upgrade' };
    case 'Untested':
      return { action: 'test' };
    case 'Failed': {
      const rem = activeRemediation(spec, lastAction, counts);
      // A failed first install under RetryOnFailure is installed again (over the failed record), not upgraded.
      if (!rem && lastAction === 'install' && strategyOf(spec, 'install') === 'RetryOnFailure') return { action: 'install' };
      if (!rem || rem.failures <= 0) return { action: 'upgrade' };
      if (retriesExhausted(rem) && !rem.remediateLastFailure) return { action: 'stalled', message: 'cannot remediate failed release' };
      if (rem.strategy === 'uninstall') return { action: 'uninstall' };
      return hasRollbackTarget ? { action: 'rollback' } : { action: 'error', message: 'missing target release for rollback: cannot remediate failed release' };
    }
    case 'Unknown':
      return { action: 'error', message: state.reason };
  }
}

/** Whether the reconcile stops after this action (and requeues), as the install/upgrade strategy says. */
export function mustStop(spec: HelmReleaseSpec, action: ReleaseAction, failed: boolean, lastAction: 'install' | 'upgrade' | undefined): boolean {
  if (action === 'rollback' || action === 'uninstall') return true;
  if (!failed) return false;
  const strategy = strategyOf(spec, action === 'install' ? 'install' : action === 'upgrade' ? 'upgrade' : (lastAction ?? 'upgrade'));
  return strategy === 'RetryOnFailure';
}
