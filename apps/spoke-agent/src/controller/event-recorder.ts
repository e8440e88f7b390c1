import os from 'node:os';
import type { FluxKindIdentity } from '@flotilla/reconcile-core';
import { apiFailure } from '../k8s/api-error.js';
import type { KubeClient } from '../k8s/kube-client.js';
import type { FluxEvent, FluxObject } from './kind-reconciler.js';

/** The controller that owns each Flux API group: events name it as their source, as Flux's do. */
const CONTROLLER_OF_GROUP: Record<string, string> = {
  'source.toolkit.fluxcd.io': 'source-controller',
  'kustomize.toolkit.fluxcd.io': 'kustomize-controller',
  'helm.toolkit.fluxcd.io': 'helm-controller',
};

export const controllerOf = (kind: FluxKindIdentity): string => CONTROLLER_OF_GROUP[kind.group] ?? 'flotilla-agent';

/** client-go's correlator folds identical events within this window into one with a count. */
const AGGREGATE_MS = 10 * 60_000;
const MAX_REMEMBERED = 4096;

/**
 * Records Kubernetes Events (core/v1) about Flux objects the way Flux's controllers do through client-go's
 * recorder: the involved object with its uid and resourceVersion, `source.component` and `reportingComponent`
 * set to the controller's name, the revision as the `<group>/revision` annotation. `flux events` lists them.
 * A repeat of the same event within ten minutes bumps the count and lastTimestamp of the first, as client-go does.
 */
export class EventRecorder {
  private readonly recent = new Map<string, { name: string; namespace: string; count: number; at: number }>();

  constructor(
    private readonly client: KubeClient,
    private readonly instance: string = os.hostname(),
  ) {}

  async record(kind: FluxKindIdentity, obj: FluxObject, ev: FluxEvent, now: Date): Promise<void> {
    const meta = obj.metadata ?? {};
    const namespace = meta.namespace ?? 'default';
    const component = controllerOf(kind);
    const aggregate = JSON.stringify([kind.kind, namespace, meta.name, meta.uid, ev.type, ev.reason, ev.message]);
    const seen = this.recent.get(aggregate);
    const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
    if (seen && now.getTime() - seen.at < AGGREGATE_MS) {
      const res = await this.client.request({
        method: 'PATCH',
        path: `/api/v1/namespaces/${seen.namespace}/events/${seen.name}`,
        body: { count: seen.count + 1, lastTimestamp: stamp },
        contentType: 'application/merge-patch+json',
      });
      if (res.status === 200) {
        seen.count += 1;
        seen.at = now.getTime();
        return;
      }
      if (res.status !== 404) throw new Error(`updating event ${seen.name}: ${apiFailure(res.status, res.body).message}`);
    }
    const name = `${meta.name}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000))).toString(16)}`;
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name,
        namespace,
        ...(ev.revision ? { annotations: { [`${kind.group}/revision`]: ev.revision } } : {}),
      },
      involvedObject: { apiVersion: kind.apiVersion, kind: kind.kind, name: meta.name, namespace, uid: meta.uid, resourceVersion: meta.resourceVersion },
      type: ev.type,
      reason: ev.reason,
      message: ev.message,
      source: { component },
      reportingComponent: component,
      reportingInstance: this.instance,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
    };
    const res = await this.client.request({ method: 'POST', path: `/api/v1/namespaces/${namespace}/events`, body });
    if (res.status !== 201 && res.status !== 200) throw new Error(`recording event ${ev.reason}: ${apiFailure(res.status, res.body).message}`);
    if (this.recent.size >= MAX_REMEMBERED) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(aggregate, { name, namespace, count: 1, at: now.getTime() });
  }
}
