import { isRecord } from '../../../k8s/object-ref.js';
import type { ReleaseRecord } from './release-records.js';
import type { Snapshot } from './release-decision.js';

// The status helm-controller writes on a HelmRelease, built up while a reconcile runs its actions: conditions
// (Ready, Reconciling, Stalled, Released, TestSuccess, Remediated, each keeping its transition time while its
// status holds), the history of release snapshots (newest first), and the failure counters.

export interface ReleaseCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

const HISTORY_KEPT = 5;

export const snapshotOf = (r: ReleaseRecord): Snapshot => ({
  name: r.name,
  namespace: r.namespace,
  version: r.version,
  status: r.status,
  chartName: r.chartName,
  chartVersion: r.chartVersion,
  ...(r.appVersion ? { appVersion: r.appVersion } : {}),
  configDigest: r.configDigest,
  digest: r.digest,
  firstDeployed: r.firstDeployed,
  lastDeployed: r.lastDeployed,
  ...(r.deleted ? { deleted: r.deleted } : {}),
  ...(r.testHooks ? { testHooks: r.testHooks } : {}),
});

export const fullReleaseName = (s: { namespace: string; name: string; version?: number }): string => `${s.namespace}/${s.name}${s.version ? `.v${s.version}` : ''}`;
export const versionedChartName = (s: { chartName: string; chartVersion: string }): string => `${s.chartName}@${s.chartVersion}`;

export class ReleaseStatus {
  readonly fields: Record<string, unknown>;
  private conditions: ReleaseCondition[];
  history: Snapshot[];

  constructor(previous: Record<string, unknown> | undefined, private readonly now: () => Date) {
    this.fields = { ...(previous ?? {}) };
    delete this.fields.conditions;
    delete this.fields.history;
    const list = Array.isArray(previous?.conditions) ? (previous.conditions.filter((c) => isRecord(c) && typeof c.type === 'string') as unknown as ReleaseCondition[]) : [];
    this.conditions = list;
    this.history = Array.isArray(previous?.history) ? (previous.history.filter(isRecord) as unknown as Snapshot[]) : [];
  }

  get(type: string): ReleaseCondition | undefined {
    return this.conditions.find((c) => c.type === type);
  }

  set(type: string, status: ReleaseCondition['status'], reason: string, message: string): void {
    const prev = this.get(type);
    const at = prev && prev.status === status ? prev.lastTransitionTime : this.now().toISOString().replace(/\.\d+Z$/, 'Z');
    this.conditions = [...this.conditions.filter((c) => c.type !== type), { type, status, reason, message: message.slice(0, 32_000), lastTransitionTime: at }];
  }

  remove(type: string): void {
    this.conditions = this.conditions.filter((c) => c.type !== type);
  }

  /**
   * Records the newest revision helm holds, replacing a snapshot of the same revision. `rewritten` are the records
   * as helm holds them after the action: a kept snapshot of a revision the action rewrote (the one an upgrade
   * superseded) takes its new state, as helm-controller's observing storage driver records every write.
   */
  observe(record: ReleaseRecord, rewritten: readonly ReleaseRecord[] = []): void {
    const snap = snapshotOf(record);
    const kept = this.history
      .filter((h) => !(h.version === snap.version && h.name === snap.name))
      .map((h) => {
        const now = rewritten.find((r) => r.name === h.name && r.version === h.version);
        return now && now.digest !== h.digest ? { ...snapshotOf(now), ...(h.testHooks && !now.testHooks ? { testHooks: h.testHooks } : {}) } : h;
      });
    this.history = [snap, ...kept].slice(0, HISTORY_KEPT);
  }

  counter(name: 'failures' | 'installFailures' | 'upgradeFailures'): number {
    const v = this.fields[name];
    return typeof v === 'number' ? v : 0;
  }

  increment(...names: Array<'failures' | 'installFailures' | 'upgradeFailures'>): void {
    for (const n of names) this.fields[n] = this.counter(n) + 1;
  }

  clearFailures(): void {
    delete this.fields.failures;
    delete this.fields.installFailures;
    delete this.fields.upgradeFailures;
  }

  /**
   * Ready summarises the release conditions as helm-controller's summarize: a remediation means the desired
   * state is not running; otherwise the test result when tests ran, otherwise the release result.
   */
  summarize(): void {
    const remediated = this.get('Remediated');
    const test = this.get('TestSuccess');
    const released = this.get('Released');
    const source = remediated?.status === 'True' ? remediated : test && released?.status === 'True' ? test : released;
    if (!source) return;
    const ready = source === remediated ? 'False' : source.status;
    this.set('Ready', ready, source.reason, source.message);
  }

  toObject(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.fields, conditions: this.conditions };
    if (this.history.length) out.history = this.history;
    for (const k of ['failures', 'installFailures', 'upgradeFailures']) if (out[k] === 0) delete out[k];
    return out;
  }
}
