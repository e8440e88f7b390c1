import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { HelmRevisionContent } from '@flotilla/protocol';
import { createTwoFilesPatch } from 'diff';
import { AgentGateway } from '../agents/agent.gateway.js';
import { AgentRequests, noAnswerError } from '../agents/agent-requests.js';
import { AccessService } from '../auth/access.service.js';
import { scopeHolds } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { IdGenerator } from '../common/id-generator.js';
import { labelMap } from '../common/label-map.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { DEFAULT_OBJECT_READ_TIMEOUT_MS } from '../flux-objects/object-read-requests.js';
import { placedInScope, placementOf, placementTargets } from '../kustomizations/placement.js';
import { SocketServer } from '../realtime/socket-server.js';
import type { HelmReleaseRevisionDiffObject, HelmRevisionContentObject } from './dto/helm-revision-diff.objects.js';
import { HelmReleasesRepository } from './helm-releases.repository.js';

/** The protocol version whose agents answer `helmrelease.revisions`. */
export const HELM_REVISIONS_PROTOCOL = 7;

/** The unified diff of two texts, or '' when they are the same (a patch of only headers says nothing). */
function unifiedDiff(what: string, from: number, to: number, before: string, after: string): string {
  return before === after ? '' : createTwoFilesPatch(`${what} (revision ${from})`, `${what} (revision ${to})`, before, after, undefined, undefined, { context: 3 });
}

const toContent = (r: HelmRevisionContent): HelmRevisionContentObject => ({ ...r, appVersion: r.appVersion ?? null });

/**
 * Two revisions of a hub HelmRelease's helm release on one cluster, read by that cluster's agent (the hub never
 * holds them: they are asked for on each call, masked by the agent, and neither stored nor logged here), with the
 * unified diffs of their values and manifests. Readable by whoever may see the release on that cluster.
 */
@Injectable()
export class HelmRevisionDiffService implements OnModuleInit {
  private readonly requests: AgentRequests<'helmrelease.revisions'>;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    gateway: AgentGateway,
    ids: IdGenerator,
    log: JsonLogger,
    sockets: SocketServer,
    private readonly repo: HelmReleasesRepository,
    private readonly access: AccessService,
  ) {
    this.requests = new AgentRequests('helmrelease.revisions', HELM_REVISIONS_PROTOCOL, { gateway, log, sockets, newId: () => ids.id(), timeoutMs: () => this.timeoutMs() });
  }

  private timeoutMs(): number {
    return this.config.agents.objectReadTimeoutMs ?? DEFAULT_OBJECT_READ_TIMEOUT_MS;
  }

  onModuleInit(): void {
    this.requests.start();
  }

  async diff(actor: Actor, releaseId: string, clusterId: string, fromRevision: number, toRevision: number): Promise<HelmReleaseRevisionDiffObject> {
    if (!Number.isInteger(fromRevision) || fromRevision < 1) throw badInput('fromRevision', 'fromRevision: a helm revision counts from 1');
    if (!Number.isInteger(toRevision) || toRevision < 1) throw badInput('toRevision', 'toRevision: a helm revision counts from 1');
    const row = await this.repo.findById(releaseId);
    const [rows, scope] = await Promise.all([this.repo.clusters(), this.access.scope(actor, 'VIEWER')]);
    const clusters = rows.map((c) => ({ id: c.id, name: c.name, labels: labelMap(c.labels) }));
    if (!row || !placedInScope(scope, row, clusters)) throw new DomainError('FLUX_OBJECT_NOT_FOUND', 'no such HelmRelease');
    const cluster = clusters.find((c) => c.id === clusterId);
    if (!cluster || !scopeHolds(scope, cluster.id, row.namespace)) throw new DomainError('CLUSTER_NOT_FOUND', 'no such cluster');
    if (!placementTargets(placementOf(row.placement), cluster)) throw new DomainError('NOT_PLACED', `HelmRelease ${row.namespace}/${row.name} is not placed on cluster ${cluster.name}`);

    const r = await this.requests.ask(cluster.id, { owner: { kind: 'HelmRelease', namespace: row.namespace, name: row.name }, from: fromRevision, to: toRevision });
    if (!r.ok) {
      throw noAnswerError(r.why, { timeoutMs: this.timeoutMs(), protocol: HELM_REVISIONS_PROTOCOL, tooOld: 'to read helm revisions', offline: 'the revisions are read in the cluster by its agent' });
    }
    const a = r.answer;
    if (!a.ok) {
      if (a.code === 'NOT_FOUND') throw new DomainError('NOT_PLACED', `${a.message} yet (its agent has not applied the placement)`);
      if (a.code === 'REVISION_NOT_FOUND') throw new DomainError('FLUX_OBJECT_NOT_FOUND', a.message);
      throw new DomainError('AGENT_FAILED', a.message);
    }
    return {
      clusterId: cluster.id,
      clusterName: cluster.name,
      releaseName: a.release.name,
      releaseNamespace: a.release.namespace,
      from: toContent(a.from),
      to: toContent(a.to),
      valuesDiff: unifiedDiff('values', fromRevision, toRevision, a.from.values, a.to.values),
      manifestDiff: unifiedDiff('manifest', fromRevision, toRevision, a.from.manifest, a.to.manifest),
    };
  }
}
