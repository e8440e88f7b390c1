import type { ProtocolErrorCode } from './errors.js';

/** The newest hub⇄agent protocol version this code speaks. */
export const PROTOCOL_VERSION = 8;

/**
 * Every version this code can still speak, newest first. A hub keeps old versions here while agents
 * in the fleet still use them, so agents and hubs can be upgraded in either order.
 */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [8, 7, 6, 5, 4, 3, 2, 1];

/**
 * v1: hello/welcome, heartbeats, revoke/supersede.
 * v2: assignment + assignment.ack, reconcile, status/inventory/events batches + batch.ack. A v1 agent
 * still connects to a v2 hub; it simply gets no assignment and may not send report batches.
 * v3: every Flux object of the cluster: status/inventory items carry kind, origin (hub or cluster), parent,
 * suspended, revision, and deleted items; `reconcile` of any Flux kind; `suspend` and `resume`. A v2 agent's
 * items (no kind, no origin) are Kustomizations the hub placed, and it is sent Kustomization reconciles only.
 * v4: status batches of the agent's snapshot of its cluster's Flux objects say so (`snapshot {id, complete}`);
 * on the complete one the hub forgets the cluster's objects the snapshot did not name. The agent sends the
 * marker only on a v4 connection; a v3 peer never sees it.
 * v5: `object.read` and its answer `object.read.result`: one object a Kustomization applied, live and as last
 * built, redacted by the agent. The hub asks only agents on v5.
 * v6: `substitute.read` and `substitute.read.result`: what a Kustomization's `postBuild.substituteFrom` reads in
 * the cluster, ConfigMaps with their data and Secrets with their keys only. The hub asks only agents on v6.
 * Also v6: the hub's HelmReleases report back: status items of kind HelmRelease and origin `hub` (with `helm`:
 * the release history and last attempt) and their events. The agent sends them only on a v6 connection; a v5 hub
 * would refuse them as not placed.
 * Also v6: `kustomization.diff` and `kustomization.diff.result`: a server-side dry-run of the objects a
 * Kustomization would apply, answered per object as `flux diff` reports it, Secrets redacted by the agent.
 * v8: `object.read` may name a HelmRelease as the owner: one object of its current release (the inventory the
 * agent reads from helm's storage), live and redacted, with no desired side. The hub asks only agents on v8 for
 * such an owner; a v7 agent would refuse the message.
 */
export const PROTOCOL_HISTORY = { 1: 'connection', 2: 'gitops-delivery', 3: 'fleet-objects', 4: 'complete-snapshots', 5: 'live-objects', 6: 'substitute-sources', 7: 'helm-revisions', 8: 'helm-release-objects' } as const;

export type NegotiationResult =
  | { ok: true; version: number }
  | { ok: false; error: { code: Extract<ProtocolErrorCode, 'PROTOCOL_VERSION_UNSUPPORTED'>; message: string } };

/** The highest version both sides support; a result, never a throw. */
export function negotiateProtocolVersion(
  agentSupported: readonly number[],
  hubSupported: readonly number[] = SUPPORTED_PROTOCOL_VERSIONS,
): NegotiationResult {
  const hub = new Set(hubSupported);
  const common = agentSupported.filter((v) => Number.isInteger(v) && v > 0 && hub.has(v));
  if (common.length === 0) {
    const fmt = (vs: readonly number[]): string => (vs.length === 0 ? 'none' : [...vs].sort((a, b) => a - b).join(', '));
    return {
      ok: false,
      error: {
        code: 'PROTOCOL_VERSION_UNSUPPORTED',
        message: `no common protocol version: agent speaks ${fmt(agentSupported)}, hub speaks ${fmt(hubSupported)}; upgrade the older side`,
      },
    };
  }
  return { ok: true, version: Math.max(...common) };
}
