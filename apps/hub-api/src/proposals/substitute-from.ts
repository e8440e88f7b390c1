import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SubstituteSource } from '@flotilla/reconcile-core';
import { AgentGateway } from '../agents/agent.gateway.js';
import { AgentRequests, type NoAnswer } from '../agents/agent-requests.js';
import { IdGenerator } from '../common/id-generator.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { DEFAULT_OBJECT_READ_TIMEOUT_MS } from '../flux-objects/object-read-requests.js';
import { SocketServer } from '../realtime/socket-server.js';
import type { AssignmentCluster } from '../assignments/assignment-document.js';
import { placementOf, placementTargets } from '../kustomizations/placement.js';
import type { DiffKustomization, SubstituteFromLookup } from './cluster-diffs.js';
import { secretPlaceholder, substituteFromOf, type ClusterSubstituteFrom, type SubstituteFromRef } from './substitute-from-refs.js';

/** The protocol version whose agents answer `substitute.read`. */
export const SUBSTITUTE_SOURCES_PROTOCOL = 6;

const NO_ANSWER: Record<NoAnswer, string> = {
  'not-connected': 'its agent is not connected',
  'too-old': `its agent is too old to read them (it needs protocol ${SUBSTITUTE_SOURCES_PROTOCOL})`,
  timeout: 'its agent did not answer in time',
};

/**
 * Reads a Kustomization's `postBuild.substituteFrom` in a cluster through its agent, for the proposal diff.
 * ConfigMaps come with their data; a Secret only with its keys, each value replaced by a placeholder.
 */
@Injectable()
export class SubstituteFromReads implements OnModuleInit {
  private readonly requests: AgentRequests<'substitute.read'>;

  constructor(@Inject(HUB_CONFIG) config: HubConfig, gateway: AgentGateway, ids: IdGenerator, log: JsonLogger, sockets: SocketServer) {
    this.requests = new AgentRequests('substitute.read', SUBSTITUTE_SOURCES_PROTOCOL, {
      gateway,
      log,
      sockets,
      newId: () => ids.id(),
      timeoutMs: () => config.agents.objectReadTimeoutMs ?? DEFAULT_OBJECT_READ_TIMEOUT_MS,
    });
  }

  onModuleInit(): void {
    this.requests.start();
  }

  async read(clusterId: string, owner: { namespace: string; name: string }, refs: readonly SubstituteFromRef[]): Promise<ClusterSubstituteFrom> {
    const r = await this.requests.ask(clusterId, { owner: { kind: 'Kustomization', ...owner }, sources: refs.map(({ kind, name }) => ({ kind, name })) });
    const without = (why: string): ClusterSubstituteFrom => ({ ok: false, note: `substituteFrom not applied: ${why}` });
    if (!r.ok) return without(NO_ANSWER[r.why]);
    if (!r.answer.ok) return without(r.answer.message);
    const sources: SubstituteSource[] = [];
    for (const [i, ref] of refs.entries()) {
      const got = r.answer.sources[i];
      if (!got || got.kind !== ref.kind || got.name !== ref.name) return without('its agent answered for other sources');
      const base = { kind: ref.kind, name: ref.name, ...(ref.optional ? { optional: true } : {}) };
      if (got.kind === 'ConfigMap') sources.push({ ...base, data: got.data });
      else sources.push({ ...base, data: got.keys && Object.fromEntries(got.keys.map((k) => [k, secretPlaceholder(ref.name, k)])) });
    }
    return { ok: true, sources };
  }

  /** Every targeted cluster's answer for the substituteFrom of each Kustomization that has one, asked in parallel. */
  async lookup(users: readonly DiffKustomization[], clusters: readonly AssignmentCluster[]): Promise<SubstituteFromLookup> {
    const asks: Promise<[string, ClusterSubstituteFrom]>[] = [];
    for (const k of users) {
      const refs = substituteFromOf(k.spec);
      if (!refs.length) continue;
      const placement = placementOf(k.placement);
      for (const c of clusters) {
        if (placementTargets(placement, c)) asks.push(this.read(c.id, k, refs).then((r) => [`${c.id}|${k.namespace}/${k.name}`, r]));
      }
    }
    const answers = new Map(await Promise.all(asks));
    return (clusterId, k) => answers.get(`${clusterId}|${k.namespace}/${k.name}`);
  }
}
