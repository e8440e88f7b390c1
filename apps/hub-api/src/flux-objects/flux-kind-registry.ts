import { Injectable } from '@nestjs/common';
import type { FluxKindName } from '@flotilla/reconcile-core';
import type { ObjectOrigin } from '@flotilla/protocol';
import { AccessService } from '../auth/access.service.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { badInput } from '../common/domain-error.js';
import { ReconcileKind } from '../kustomizations/dto/kustomization.inputs.js';
import { KustomizationsService } from '../kustomizations/kustomizations.service.js';
import { HelmReleasesService } from '../helm/helm-releases.service.js';
import { HelmRepositoriesService } from '../helm/helm-repositories.service.js';
import { ImageRepositoriesService } from '../images/image-repositories.service.js';
import { ImageUpdateAutomationsService } from '../images/image-update-automations.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ReceiversService } from '../notifications/receivers/receivers.service.js';
import { OciRepositoriesService } from '../oci-sources/oci-repositories.service.js';
import { GitRepositoriesService } from '../sources/git-repositories.service.js';
import { SuspendKind } from './dto/suspend-kind.js';
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

type Reconciler = (actor: Actor, origin: RequestOrigin, id: string, opts: DefinitionReconcileOptions) => Promise<void>;
type Suspender = (actor: Actor, origin: RequestOrigin, id: string, suspend: boolean) => Promise<void>;

/** The audit target type of each kind (as its service records it). */
const TARGET_TYPES: Record<SuspendKind, string> = {
  GitRepository: 'gitRepository',
  Kustomization: 'kustomization',
  HelmRelease: 'helmrelease',
  OCIRepository: 'ocirepository',
  HelmRepository: 'helmrepository',
  ImageRepository: 'imageRepository',
  ImageUpdateAutomation: 'imageUpdateAutomation',
  Alert: 'alert',
  Provider: 'notificationProvider',
  Receiver: 'receiver',
};

/**
 * The hub's kind registry: what may be done to a Flux object and how. Resolvers ask it instead of branching on
 * kinds. The hub's own definitions (a GitRepository it fetches, a Kustomization it places) by id: their
 * services. An object on a cluster: a hub-placed Kustomization goes through the Kustomization service (a
 * suspend is a new generation of its fleet-wide spec, a reconcile a request to this cluster), an object found
 * in a cluster becomes a message to that cluster's agent.
 */
@Injectable()
export class FluxKindRegistry {
  private readonly reconcilers: Record<ReconcileKind, Reconciler>;
  private readonly suspenders: Record<SuspendKind, Suspender>;

  constructor(
    kustomizations: KustomizationsService,
    sources: GitRepositoriesService,
    helmReleases: HelmReleasesService,
    helmRepositories: HelmRepositoriesService,
    ociRepositories: OciRepositoriesService,
    imageRepositories: ImageRepositoriesService,
    automations: ImageUpdateAutomationsService,
    notifications: NotificationsService,
    receivers: ReceiversService,
    private readonly clusterObjects: ClusterObjectCommands,
    private readonly access: AccessService,
  ) {
    this.reconcilers = {
      // A source is fetched by the hub once for the fleet: no cluster to pick, no source behind it.
      [ReconcileKind.GitRepository]: async (actor, origin, id, opts) => {
        if (opts.clusterId) throw badInput('clusterId', 'clusterId applies to Kustomizations only (sources are fetched by the hub)');
        if (opts.withSource) throw badInput('withSource', 'withSource applies to Kustomizations only');
        await sources.requestReconcile(actor, origin, id);
      },
      [ReconcileKind.Kustomization]: async (actor, origin, id, opts) => void (await kustomizations.requestReconcile(actor, origin, id, opts)),
    };
    // Each writes spec.suspend alone, so it is allowed on an object a FleetSync manages (as `flux suspend` is on
    // an object applied from git), where the full update is refused.
    this.suspenders = {
      GitRepository: async (actor, origin, id, suspend) => void (await sources.setSuspended(actor, origin, id, suspend)),
      Kustomization: async (actor, origin, id, suspend) => void (await kustomizations.setSuspended(actor, origin, id, suspend)),
      HelmRelease: (actor, origin, id, suspend) => helmReleases.setSuspended(actor, origin, id, suspend),
      OCIRepository: (actor, origin, id, suspend) => ociRepositories.setSuspended(actor, origin, id, suspend),
      HelmRepository: (actor, origin, id, suspend) => helmRepositories.setSuspended(actor, origin, id, suspend),
      ImageRepository: (actor, origin, id, suspend) => imageRepositories.setSuspended(actor, origin, id, suspend),
      ImageUpdateAutomation: (actor, origin, id, suspend) => automations.setSuspended(actor, origin, id, suspend),
      Alert: (actor, origin, id, suspend) => notifications.setAlertSuspended(actor, origin, id, suspend),
      Provider: (actor, origin, id, suspend) => notifications.setProviderSuspended(actor, origin, id, suspend),
      Receiver: (actor, origin, id, suspend) => receivers.setSuspended(actor, origin, id, suspend),
    };
  }

  /** `flux suspend` / `flux resume` of one of the hub's own objects: it reaches every cluster the object does. */
  async setSuspended(actor: Actor, origin: RequestOrigin, kind: SuspendKind, id: string, suspend: boolean): Promise<void> {
    const operation = suspend ? 'suspend' : 'resume';
    await this.access.requireFleet(actor, origin, 'OPERATOR', `${operation} of a ${kind}`, { type: TARGET_TYPES[kind], id });
    await this.suspenders[kind](actor, origin, id, suspend);
  }

  /** `flux reconcile`, `flux suspend`, `flux resume` of one of the hub's own definitions, fleet-wide. */
  async runDefinition(actor: Actor, origin: RequestOrigin, kind: ReconcileKind, id: string, operation: FluxOperation, opts: DefinitionReconcileOptions = {}): Promise<void> {
    // A suspend reaches every cluster the definition does, including clusters not yet matched: the whole fleet
    // is in play; so does a source fetch. A Kustomization's reconcile is checked per targeted cluster.
    if (operation !== 'reconcile') return this.setSuspended(actor, origin, kind, id, operation === 'suspend');
    if (kind === ReconcileKind.GitRepository) await this.access.requireFleet(actor, origin, 'OPERATOR', `${operation} of a ${kind}`, { type: TARGET_TYPES[kind], id });
    return this.reconcilers[kind](actor, origin, id, opts);
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
