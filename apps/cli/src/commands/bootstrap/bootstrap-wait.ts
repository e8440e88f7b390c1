import type { KubeClient } from '@flotilla/spoke-agent/k8s';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import type { HubClient } from '../../hub/hub-client.js';
import { pollUntil } from '../hub/poll.js';
import { findCluster } from './bootstrap-hub.js';
import { SYNC_NAME, SYSTEM_NAMESPACE } from './bootstrap-manifests.js';

interface Condition {
  type?: string;
  status?: string;
  message?: string;
}

interface FluxObject {
  metadata?: { generation?: number };
  spec?: { suspend?: boolean };
  status?: { observedGeneration?: number; conditions?: Condition[]; artifact?: { revision?: string }; lastAttemptedRevision?: string; lastHandledReconcileAt?: string };
}

interface SyncObject {
  kind: 'GitRepository' | 'Kustomization';
  path: string;
  /** The revision the object reports having reconciled: where Flux keeps it for that kind. */
  revisionOf: (o: FluxObject) => string | undefined;
}

const SYNC_OBJECTS: readonly SyncObject[] = [
  {
    kind: 'GitRepository',
    path: `/apis/source.toolkit.fluxcd.io/v1/namespaces/${SYSTEM_NAMESPACE}/gitrepositories/${SYNC_NAME}`,
    revisionOf: (o) => o.status?.artifact?.revision,
  },
  {
    kind: 'Kustomization',
    path: `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${SYSTEM_NAMESPACE}/kustomizations/${SYNC_NAME}`,
    revisionOf: (o) => o.status?.lastAttemptedRevision,
  },
];

export interface SyncWait {
  hub: HubClient;
  client: KubeClient;
  clusterName: string;
  /** `<branch>@sha1:<head>`, the revision bootstrap left in git. */
  revision: string;
  /** The reconcile.fluxcd.io/requestedAt bootstrap set, if it asked for a reconcile: older answers do not count. */
  requestedAt?: string;
  timeoutMs: number;
  say: (line: string) => void;
}

const POLL_MS = 2000;

/**
 * Waits, as `flux bootstrap` does after applying, until the sync pair reconciled the pushed revision: first the
 * agent's connection to the hub (Flux waits for its controllers' Deployments instead, which a Flotilla cluster
 * runs as one agent whose connection the hub knows), then the GitRepository, then the Kustomization. The
 * objects' status is read from the cluster, where the agent writes it in Flux's fields. One `--timeout` bounds
 * the whole wait; running out exits 6 naming the step, a Ready=False answer exits 1 with its message.
 */
export async function waitForSync(w: SyncWait): Promise<void> {
  const deadline = Date.now() + w.timeoutMs;
  const left = () => Math.max(0, deadline - Date.now());

  w.say(`◎ waiting for the agent of cluster "${w.clusterName}" to connect to the hub`);
  let state = 'unknown';
  await pollUntil(
    async () => {
      const cluster = await findCluster(w.hub, w.clusterName);
      state = cluster?.connectionState.toLowerCase() ?? 'not registered';
      return cluster?.connectionState === 'CONNECTED' ? true : undefined;
    },
    { timeoutMs: left(), intervalMs: POLL_MS, what: () => `the agent of cluster "${w.clusterName}" to connect to the hub (it is ${state})` },
  );
  w.say('✔ the agent is connected');

  for (const target of SYNC_OBJECTS) {
    const key = `${SYSTEM_NAMESPACE}/${SYNC_NAME}`;
    w.say(`◎ waiting for ${target.kind} "${key}" to be reconciled`);
    let seen = 'not found';
    await pollUntil(
      async () => {
        const res = await w.client.request({ method: 'GET', path: target.path });
        if (res.status === 404) return undefined;
        if (res.status !== 200) throw new CliError(EXIT.failed, `reading ${target.kind} ${key}: HTTP ${res.status}`);
        const o = res.body as FluxObject;
        if (o.spec?.suspend) throw new CliError(EXIT.failed, `${target.kind} ${key} is suspended`);
        const ready = o.status?.conditions?.find((c) => c.type === 'Ready');
        const revision = target.revisionOf(o);
        seen = ready ? `Ready ${ready.status}: ${ready.message ?? ''}` : 'no Ready condition yet';
        // Only a status written for the current spec answers the question.
        if (o.status?.observedGeneration !== o.metadata?.generation) return undefined;
        // When bootstrap asked for a fetch, only that fetch answers (Flux records the request it handled in
        // lastHandledReconcileAt): not a failure from before it, say without the Secret bootstrap has just replaced.
        if (target.kind === 'GitRepository' && w.requestedAt !== undefined && o.status?.lastHandledReconcileAt !== w.requestedAt) return undefined;
        if (ready?.status === 'True') return revision === w.revision ? true : undefined;
        // A failure of an older revision is not this one's answer: the next attempt may succeed.
        if (ready?.status === 'False' && (target.kind === 'GitRepository' || revision === w.revision)) {
          throw new CliError(EXIT.failed, `${target.kind} ${key} not ready: ${ready.message ?? ''}`);
        }
        return undefined;
      },
      { timeoutMs: left(), intervalMs: POLL_MS, what: () => `${target.kind} ${key} to reconcile ${w.revision} (${seen})` },
    );
    w.say(`✔ ${target.kind} reconciled successfully`);
  }
}
