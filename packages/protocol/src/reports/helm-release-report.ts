import { isoTimestamp } from '../limits.js';
import { MAX_HELM_HISTORY, type HelmReleaseStatusWire, type HelmSnapshotWire } from '../messages/helm-release-status.js';

// A HelmRelease's status as helm-controller writes it → the `helm` part of its status item. Pure; anything not
// Flux-shaped is left out rather than failing the object, and text is cut to the protocol's bounds.

type Json = Record<string, unknown>;
const record = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const text = (v: unknown, max = 512): string | undefined => (typeof v === 'string' && v !== '' ? v.slice(0, max) : undefined);
// helm writes Go's zero time for a time it never set; the agent writes ''; only RFC 3339 values travel.
const time = (v: unknown): string | undefined => (isoTimestamp.safeParse(v).success && !(v as string).startsWith('0001-') ? (v as string) : undefined);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined);
const MAX_TEST_HOOKS = 64;

function snapshotOf(raw: unknown): HelmSnapshotWire | undefined {
  const s = record(raw);
  const version = s.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return undefined;
  const hooks = Object.entries(record(s.testHooks))
    .slice(0, MAX_TEST_HOOKS)
    .filter(([name]) => name !== '' && name.length <= 253)
    .map(([name, h]) => {
      const hook = record(h);
      const lastStarted = time(hook.lastStarted);
      const lastCompleted = time(hook.lastCompleted);
      const phase = text(hook.phase, 64);
      return [name, { ...(lastStarted ? { lastStarted } : {}), ...(lastCompleted ? { lastCompleted } : {}), ...(phase ? { phase } : {}) }] as const;
    });
  const appVersion = text(s.appVersion);
  const digest = text(s.digest);
  const firstDeployed = time(s.firstDeployed);
  const lastDeployed = time(s.lastDeployed);
  const deleted = time(s.deleted);
  return {
    version,
    status: text(s.status, 64) ?? '',
    chartName: text(s.chartName) ?? '',
    chartVersion: text(s.chartVersion) ?? '',
    ...(appVersion ? { appVersion } : {}),
    configDigest: text(s.configDigest) ?? '',
    ...(digest ? { digest } : {}),
    ...(firstDeployed ? { firstDeployed } : {}),
    ...(lastDeployed ? { lastDeployed } : {}),
    ...(deleted ? { deleted } : {}),
    ...(hooks.length ? { testHooks: Object.fromEntries(hooks) } : {}),
  };
}

/** The history (newest first, as Flux keeps it) and the last attempt of a HelmRelease's status. */
export function helmReleaseStatus(status: Json): HelmReleaseStatusWire {
  const history = (Array.isArray(status.history) ? status.history : []).flatMap((h) => snapshotOf(h) ?? []).slice(0, MAX_HELM_HISTORY);
  const configDigest = text(status.lastAttemptedConfigDigest);
  const action = text(status.lastAttemptedReleaseAction, 256);
  const storageNamespace = text(status.storageNamespace, 63);
  const failures = count(status.failures);
  const installFailures = count(status.installFailures);
  const upgradeFailures = count(status.upgradeFailures);
  return {
    history,
    ...(configDigest ? { lastAttemptedConfigDigest: configDigest } : {}),
    ...(action ? { lastAttemptedReleaseAction: action } : {}),
    ...(failures ? { failures } : {}),
    ...(installFailures ? { installFailures } : {}),
    ...(upgradeFailures ? { upgradeFailures } : {}),
    ...(storageNamespace ? { storageNamespace } : {}),
  };
}
