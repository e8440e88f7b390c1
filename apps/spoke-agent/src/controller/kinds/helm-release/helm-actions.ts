import type { HelmReleaseSpec } from '@flotilla/protocol/flux';
import { type HelmCli, helmError } from '../../../helm/helm-cli.js';

// The helm commands behind each action of a HelmRelease, with helm-controller's settings mapped to helm v4's
// flags: waiting (the watcher strategy unless disableWait), jobs, hooks, CRDs, history, ownership,
// impersonation of the object's service account. Values arrive as a file written by the caller.

export interface ActionTarget {
  releaseName: string;
  namespace: string;
  /** The chart archive (the HelmChart's artifact). */
  chartFile?: string;
  valuesFile?: string;
  /** `system:serviceaccount:<ns>:<name>` when the object names a serviceAccountName. */
  impersonate?: string;
}

const DEFAULT_TIMEOUT = '5m0s';

function waitFlags(flags: { disableWait?: boolean | undefined; disableWaitForJobs?: boolean | undefined } | undefined): string[] {
  if (flags?.disableWait) return [];
  return ['--wait=watcher', ...(flags?.disableWaitForJobs ? [] : ['--wait-for-jobs'])];
}

const common = (t: ActionTarget, timeout: string): string[] => ['--namespace', t.namespace, '--timeout', timeout, ...(t.impersonate ? ['--kube-as-user', t.impersonate] : [])];

export function timeoutOf(spec: HelmReleaseSpec, action: 'install' | 'upgrade' | 'test' | 'rollback' | 'uninstall'): string {
  const own = action === 'test' ? spec.test?.timeout : spec[action]?.timeout;
  return own ?? spec.timeout ?? DEFAULT_TIMEOUT;
}

/** `install.crds`, Create by default; the deprecated `install.skipCRDs` means Skip. */
export function installCrdPolicy(spec: HelmReleaseSpec): 'Skip' | 'Create' | 'CreateReplace' {
  const i = spec.install;
  return i?.crds ?? (i?.skipCRDs ? 'Skip' : 'Create');
}

/**
 * `helm install`, or `helm upgrade --install` over a failed record of the same name (an install retried under
 * RetryOnFailure), which `helm install` would refuse as a name in use.
 */
export function installArgs(spec: HelmReleaseSpec, t: ActionTarget, overFailed = false): string[] {
  const i = spec.install;
  return [
    ...(overFailed ? ['upgrade', '--install', '--history-max', String(spec.maxHistory ?? 5)] : ['install']),
    t.releaseName, t.chartFile ?? '', '--values', t.valuesFile ?? '',
    ...common(t, timeoutOf(spec, 'install')),
    ...waitFlags(i),
    ...(i?.createNamespace ? ['--create-namespace'] : []),
    // The agent applies the chart's `crds/` itself under the install policy (chart-crds.ts), as helm-controller does.
    '--skip-crds',
    ...(i?.disableHooks ? ['--no-hooks'] : []),
    ...(i?.disableOpenAPIValidation ? ['--disable-openapi-validation'] : []),
    ...(i?.disableSchemaValidation ? ['--skip-schema-validation'] : []),
    ...(i?.replace && !overFailed ? ['--replace'] : []),
    ...(i?.disableTakeOwnership ? [] : ['--take-ownership']),
    '--description', 'Install complete',
  ];
}

export function upgradeArgs(spec: HelmReleaseSpec, t: ActionTarget): string[] {
  const u = spec.upgrade;
  return [
    'upgrade', t.releaseName, t.chartFile ?? '', '--values', t.valuesFile ?? '', '--reset-values',
    ...common(t, timeoutOf(spec, 'upgrade')),
    '--history-max', String(spec.maxHistory ?? 5),
    ...waitFlags(u),
    ...(u?.disableHooks ? ['--no-hooks'] : []),
    ...(u?.disableOpenAPIValidation ? ['--disable-openapi-validation'] : []),
    ...(u?.disableSchemaValidation ? ['--skip-schema-validation'] : []),
    ...(u?.force ? ['--force-replace'] : []),
    ...(u?.cleanupOnFail ? ['--cleanup-on-fail'] : []),
    ...(u?.disableTakeOwnership ? [] : ['--take-ownership']),
    '--description', 'Upgrade complete',
  ];
}

export function testArgs(spec: HelmReleaseSpec, t: ActionTarget): string[] {
  const filters = (spec.test?.filters ?? []).map((f) => `--filter=${f.exclude ? '!' : ''}name=${f.name}`);
  return ['test', t.releaseName, ...common(t, timeoutOf(spec, 'test')), ...filters];
}

export function rollbackArgs(spec: HelmReleaseSpec, t: ActionTarget, toVersion: number): string[] {
  const r = spec.rollback;
  return [
    'rollback', t.releaseName, String(toVersion),
    ...common(t, timeoutOf(spec, 'rollback')),
    '--history-max', String(spec.maxHistory ?? 5),
    ...waitFlags(r),
    ...(r?.disableHooks ? ['--no-hooks'] : []),
    ...(r?.force ? ['--force-replace'] : []),
    ...(r?.cleanupOnFail ? ['--cleanup-on-fail'] : []),
  ];
}

export function uninstallArgs(spec: HelmReleaseSpec, t: ActionTarget): string[] {
  const u = spec.uninstall;
  return [
    'uninstall', t.releaseName,
    ...common(t, timeoutOf(spec, 'uninstall')),
    '--cascade', u?.deletionPropagation ?? 'background',
    ...(u?.disableWait ? [] : ['--wait=watcher']),
    ...(u?.keepHistory ? ['--keep-history'] : []),
    ...(u?.disableHooks ? ['--no-hooks'] : []),
    '--ignore-not-found',
  ];
}

/** Conditions carry at most this much of helm's output. */
const MAX_ERROR = 4096;

export async function runAction(helm: HelmCli, args: string[], signal: AbortSignal): Promise<{ ok: true } | { ok: false; message: string }> {
  const run = await helm.run(args, { signal });
  if (run.ok) return { ok: true };
  const message = signal.aborted ? 'the agent stopped while helm ran' : helmError(run);
  return { ok: false, message: message.length > MAX_ERROR ? `${message.slice(0, MAX_ERROR)}…` : message };
}
