import { Inject, Injectable } from '@nestjs/common';
import { renderAgentManifests } from '@flotilla/protocol/agent-manifests';
import { parseLabelSelector } from '@flotilla/reconcile-core';
import { scopeClusterIds } from '../auth/access.js';
import { AccessService } from '../auth/access.service.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import { TokenHasher } from '../common/token-hasher.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { validClusterName, validLabels, validVariables } from './cluster-input.validation.js';
import { toClusterObject } from './clusters.mapper.js';
import { ClustersRepository } from './clusters.repository.js';
import { CredentialsRepository } from './credentials.repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ClusterConnectionObject, ClusterObject, RegistrationTokenObject } from './dto/cluster.object.js';
import type { CreateRegistrationTokenInput, UpdateClusterInput } from './dto/cluster.inputs.js';
import { RegistrationTokensRepository } from './registration-tokens.repository.js';

const defaultTtlSeconds = 3600;

@Injectable()
export class ClustersService {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly clusters: ClustersRepository,
    private readonly tokens: RegistrationTokensRepository,
    private readonly credentials: CredentialsRepository,
    private readonly hasher: TokenHasher,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly access: AccessService,
  ) {}

  async list(actor: Actor, args: { selector?: string | null; first?: number | null; after?: string | null }): Promise<ClusterConnectionObject> {
    const parsed = parseLabelSelector(args.selector ?? '');
    if (!parsed.ok) throw badInput('selector', `invalid label selector: ${parsed.errors[0]?.message}`);
    const first = args.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('first', 'first must be between 1 and 500');
    const afterName = args.after ? decodeCursor(args.after) : undefined;
    const visible = scopeClusterIds(await this.access.scope(actor, 'VIEWER'));
    const { rows, totalCount } = await this.clusters.listBySelector(parsed.value, { first, afterName, ids: visible });
    const page = rows.slice(0, first);
    const edges = page.map((row) => ({ cursor: encodeCursor(row.name), node: toClusterObject(row) }));
    return { edges, totalCount, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** Null for a cluster outside the actor's scope too: its existence is not theirs to learn. */
  async get(actor: Actor, id: string): Promise<ClusterObject | null> {
    if (!(await this.access.canSee(actor, id))) return null;
    const row = await this.clusters.findById(id);
    return row ? toClusterObject(row) : null;
  }

  async createRegistrationToken(actor: Actor, origin: RequestOrigin, input: CreateRegistrationTokenInput): Promise<RegistrationTokenObject> {
    const ttl = input.ttlSeconds ?? defaultTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > 7 * 24 * 3600) throw badInput('input.ttlSeconds', 'ttlSeconds must be between 60 and 604800');
    if (Boolean(input.clusterId) === Boolean(input.clusterName)) {
      throw badInput('input', 'give either clusterName (new cluster) or clusterId (new token for an existing cluster)');
    }
    const now = this.clock.now();
    let cluster;
    if (input.clusterName) {
      // A new cluster has no labels yet that a grant could match: adding one to the fleet is a fleet-wide act.
      await this.access.requireFleet(actor, origin, 'OPERATOR', 'adding a cluster', { type: 'cluster', id: null });
      const name = validClusterName(input.clusterName, 'input.clusterName');
      const labels = validLabels(input.labels ?? [], 'input.labels');
      if (await this.clusters.findByName(name)) throw new DomainError('CLUSTER_NAME_TAKEN', `a cluster named "${name}" exists already`);
      cluster = await this.clusters.create({ id: this.ids.id(), name, labels, createdAt: now }).catch((err: unknown) => {
        // Two concurrent creates: the unique index decides.
        if (err instanceof Error && 'code' in err && err.code === 'P2002') {
          throw new DomainError('CLUSTER_NAME_TAKEN', `a cluster named "${name}" exists already`);
        }
        throw err;
      });
      await this.audit.record(actor, origin, 'cluster.create', { type: 'cluster', id: cluster.id }, { name, labels });
      this.events.emit('cluster.placementChanged', { clusterId: cluster.id });
    } else {
      if (input.labels) throw badInput('input.labels', 'labels go with clusterName; use updateCluster to change an existing cluster');
      await this.access.require(actor, origin, 'OPERATOR', { clusterId: input.clusterId!, namespace: null }, 'a registration token');
      cluster = await this.clusters.findById(input.clusterId!);
      if (!cluster) throw new DomainError('CLUSTER_NOT_FOUND', 'no such cluster');
    }
    const token = this.ids.secret('flr');
    const expiresAt = new Date(now.getTime() + ttl * 1000);
    const row = await this.tokens.create({
      id: this.ids.id(),
      clusterId: cluster.id,
      tokenHash: this.hasher.hashToken(token),
      expiresAt,
      createdById: actor.userId,
      createdAt: now,
    });
    await this.audit.record(actor, origin, 'registrationToken.create', { type: 'cluster', id: cluster.id }, {
      registrationTokenId: row.id,
      expiresAt: expiresAt.toISOString(),
    });
    this.events.emit('cluster.changed', { clusterId: cluster.id });
    const hubUrl = this.publicUrl();
    return {
      token,
      expiresAt,
      cluster: toClusterObject(cluster),
      agentCommand: `pnpm --silent flotilla agent --hub ${hubUrl} --token ${token} --kubeconfig ~/.kube/config`,
      agentManifests: renderAgentManifests({ hubUrl, token, image: this.config.agents.image }),
      hubUrl,
      agentImage: this.config.agents.image,
    };
  }

  async revokeCredential(actor: Actor, origin: RequestOrigin, clusterId: string): Promise<ClusterObject> {
    await this.access.require(actor, origin, 'OPERATOR', { clusterId, namespace: null }, 'revoking the agent credential');
    if (!(await this.clusters.findById(clusterId))) throw new DomainError('CLUSTER_NOT_FOUND', 'no such cluster');
    const cluster = await this.credentials.revokeAll(clusterId, this.clock.now());
    await this.audit.record(actor, origin, 'cluster.credential.revoke', { type: 'cluster', id: clusterId }, { name: cluster.name });
    this.events.emit('cluster.credentialsRevoked', { clusterId });
    this.events.emit('cluster.changed', { clusterId });
    return toClusterObject(cluster);
  }

  async update(actor: Actor, origin: RequestOrigin, input: UpdateClusterInput): Promise<ClusterObject> {
    const labels = input.labels ? validLabels(input.labels, 'input.labels') : undefined;
    const variables = input.variables ? validVariables(input.variables, 'input.variables') : undefined;
    if (!(await this.clusters.findById(input.id))) throw new DomainError('CLUSTER_NOT_FOUND', 'no such cluster');
    const row = await this.clusters.update(input.id, { labels, variables });
    // Variable values may be sensitive-ish configuration: the audit keeps the keys only.
    await this.audit.record(actor, origin, 'cluster.update', { type: 'cluster', id: row.id }, {
      ...(labels ? { labels } : {}),
      ...(variables ? { variableKeys: Object.keys(variables) } : {}),
    });
    this.events.emit('cluster.changed', { clusterId: row.id });
    this.events.emit('cluster.placementChanged', { clusterId: row.id });
    return toClusterObject(row);
  }

  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    const row = await this.clusters.findById(id);
    if (!row) throw new DomainError('CLUSTER_NOT_FOUND', 'no such cluster');
    // Its credentials go with it (cascade); a connected agent is dropped like on revocation.
    await this.clusters.delete(id);
    await this.audit.record(actor, origin, 'cluster.delete', { type: 'cluster', id }, { name: row.name });
    this.events.emit('cluster.credentialsRevoked', { clusterId: id });
    this.events.emit('cluster.deleted', { clusterId: id });
    return true;
  }

  private publicUrl(): string {
    const { publicUrl, host, port } = this.config.http;
    return publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
}
