import { Injectable } from '@nestjs/common';
import type { FluxKindName } from '@flotilla/reconcile-core';
import type { ObjectOrigin } from '@flotilla/protocol';
import { AccessService } from '../auth/access.service.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { badInput } from '../common/domain-error.js';
import { ReconcileKind } from '../kustomizations/dto/kustomization.inputs.js';
import { KustomizationsService } from '../kustomizations/kustomizations.service.js';
import { GitRepositoriesService } from '../sources/git-repositories.service.js';
import type { FluxOperation } from './dto/flux-object.enums.js';
import { ClusterObjectCommands } from './cluster-object-commands.js';

/** The object an operation acts on, as stored. */
export interface OperationTarget {
  clusterId: string;
  kind: FluxKindName;
  namespace: string;
  name: string;
  origin: ObjectOrigin;
  kustomizationId: string | null;
}

const ALL: readonly FluxOperation[] = ['reconcile', 'suspend', 'resume'];
const NONE: readonly FluxOperation[] = [];

/**
 * Which operations exist for each kind and origin. An object the hub placed is steered through the hub's own
 * definition (only Kustomizations are placed today); an object found in the cluster through its agent, for every
 * kind Flux's CLI reconciles and suspends. An ExternalArtifact is written by its producer, never reconciled by
 * Flux, so it has none. Typed over FLUX_KINDS: a new kind does not compile until it has its entry here.
 */
export const FLUX_KIND_OPERATIONS = {
  GitRepository: { hub: NONE, cluster: ALL },
  OCIRepository: { hub: NONE, cluster: ALL },
  HelmRepository: { hub: NONE, cluster: ALL },
  HelmChart: { hub: NONE, cluster: ALL },
  Bucket: { hub: NONE, cluster: ALL },
  ExternalArtifact: { hub: NONE, cluster: NONE },
  Kustomization: { hub: ALL, cluster: ALL },
  HelmRelease: { hub: NONE, cluster: ALL },
} as const satisfies Record<FluxKindName, Record<ObjectOrigin, readonly FluxOperation[]>>;

/** Options of a reconcile of one of the hub's own definitions (`flux reconcile … --with-source`, one cluster). */
export interface DefinitionReconcileOptions {
  clusterId?: string | null;
  withSource?: boolean | null;
}

interface DefinitionHandler {
  reconcile(actor: Actor, origin: RequestOrigin, id: string, opts: DefinitionReconcileOptions): Promise<void>;
  setSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<void>;
}

/**
 * The hub's kind registry: what may be done to a Flux object and how. Resolvers ask it instead of branching on
 * kinds. The hub's own definitions (a GitRepository it fetches, a Kustomization it places) by id: their
 * services. An object on a cluster: a hub-placed Kustomization goes through the Kustomization service (a
 * suspend is a new generation of its fleet-wide spec, a reconcile a request to this cluster), an object found
 * in a cluster becomes a message to that cluster's agent.
 */
@Injectable()
export class FluxKindRegistry {
  private readonly definitions: Record<ReconcileKind, DefinitionHandler>;

  constructor(
    kustomizations: KustomizationsService,
    sources: GitRepositoriesService,
    private readonly clusterObjects: ClusterObjectCommands,
    private readonly access: AccessService,
  ) {
    this.definitions = {
      // A source is fetched by the hub once for the fleet: no cluster to pick, no source behind it.
      [ReconcileKind.GitRepository]: {
        reconcile: async (actor, origin, id, opts) => {
          if (opts.clusterId) throw badInput('clusterId', 'clusterId applies to Kustomizations only (sources are fetched by the hub)');
          if (opts.withSource) throw badInput('withSource', 'withSource applies to Kustomizations only');
          await sources.requestReconcile(actor, origin, id);
        },
        setSuspended: async (actor, origin, id, suspend) => void (await sources.setSuspended(actor, origin, id, suspend)),
      },
      [ReconcileKind.Kustomization]: {
        reconcile: async (actor, origin, id, opts) => void (await kustomizations.requestReconcile(actor, origin, id, opts)),
        setSuspended: async (actor, origin, id, suspend) => void (await kustomizations.setSuspended(actor, origin, id, suspend)),
      },
    };
  }

  /** `flux reconcile`, `flux suspend`, `flux resume` of one of the hub's own definitions, fleet-wide. */
  async runDefinition(actor: Actor, origin: RequestOrigin, kind: ReconcileKind, id: string, operation: FluxOperation, opts: DefinitionReconcileOptions = {}): Promise<void> {
    const handler = this.definitions[kind];
    // A source fetch and a suspend reach every cluster the definition does, including clusters not yet
    // matched: the whole fleet is in play. A Kustomization's reconcile is checked per targeted cluster.
    if (kind === ReconcileKind.GitRepository || operation !== 'reconcile') {
      const type = kind === ReconcileKind.GitRepository ? 'gitRepository' : 'kustomization';
      await this.access.requireFleet(actor, origin, 'OPERATOR', `${operation} of a ${kind}`, { type, id });
    }
    if (operation === 'reconcile') return handler.reconcile(actor, origin, id, opts);
    return handler.setSuspended(actor, origin, id, operation === 'suspend');
  }

  operations(kind: FluxKindName, origin: ObjectOrigin): readonly FluxOperation[] {
    return FLUX_KIND_OPERATIONS[kind][origin];
  }

  async run(actor: Actor, origin: RequestOrigin, target: OperationTarget, operation: FluxOperation): Promise<void> {
    if (!this.operations(target.kind, target.origin).includes(operation)) {
      throw badInput('operation', `${operation} is not available for a ${target.kind} of origin ${target.origin}`);
    }
    if (target.origin === 'cluster') return this.clusterObjects.run(actor, origin, target, operation);
    // Hub-placed: the only kind with operations is a Kustomization, which then has its hub id; a reconcile asks
    // for this cluster only, a suspend changes the definition every cluster runs.
    return this.runDefinition(actor, origin, ReconcileKind.Kustomization, target.kustomizationId!, operation, { clusterId: target.clusterId });
  }
}
