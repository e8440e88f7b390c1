import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { isHubOwned, parseMessage, type Assignment, type MessagePayloads } from '@flotilla/protocol';
import { registerFluxReconcilers } from '../controller/flux-reconcilers.js';
import { storedArtifactOpener } from '../controller/kinds/git-repository/git-artifact-opener.js';
import { GitArtifactStorage } from '../controller/kinds/git-repository/git-artifact-storage.js';
import { writeHelmKubeconfig } from '../helm/helm-kubeconfig.js';
import { registerHelmKinds } from '../helm/register-helm-kinds.js';
import { FLUX_KINDS, fluxKind, type FluxKindIdentity, type FluxKindName } from '@flotilla/reconcile-core';
import { emptyAgentState, type AssignmentStore } from '../assignment/assignment-store.js';
import { ArtifactCache } from '../artifacts/artifact-cache.js';
import type { ConnectionSession } from '../connection/run-connection.js';
import { ControllerRuntime, type StatusHook } from '../controller/controller-runtime.js';
import { externalArtifactOpener } from '../controller/external-artifact-opener.js';
import type { ArtifactOpener, FluxObject } from '../controller/kind-reconciler.js';
import { artifactOf, type KustomizationSourceKind } from '../controller/kustomization-reconciler.js';
import { keepInstallingFluxCrds, type CrdOutcome } from '../crds/flux-crds.js';
import { ResourceManager } from '../k8s/index.js';
import type { Logger } from '../logging/logger.js';
import { Outbox } from '../outbox/outbox.js';
import { ReportChannel } from '../outbox/report-channel.js';
import type { ManifestBuilder } from '../reconcile/index.js';
import { HubProjector } from '../projection/hub-projector.js';
import { ClusterObjectReports } from './cluster-object-reports.js';
import { HubPlacementReports } from './hub-placement-reports.js';
import { WorkloadImageReader } from './workload-image-reader.js';
import { HelmReleaseInventoryReader } from '../live/helm-release-inventory.js';
import { LastBuilds } from '../live/last-builds.js';
import { ObjectReader } from '../live/object-reader.js';
import { SubstituteReader } from '../live/substitute-reader.js';
import { KustomizationDiffer } from '../live/kustomization-differ.js';
import { HelmRevisionReader } from '../live/helm-revision-reader.js';

export interface GitOpsOptions {
  kubeConfig: KubeConfig;
  /** Artifacts and the outbox live here (an emptyDir in the Deployment). */
  cacheDir: string;
  store: AssignmentStore;
  /** Flux objects reconciled at once, hub placements and objects from git together (default 4). */
  concurrency?: number;
  /** Events the outbox keeps while the hub is unreachable (default 5000). */
  outboxMaxEvents?: number;
  builder?: ManifestBuilder;
  /** The helm binary HelmCharts and HelmReleases run (default `helm` on PATH). */
  helmBinary?: string;
  /**
   * Every status the controller runtime writes for an object in the cluster, besides reporting it to a hub of
   * protocol 3 or newer (tests watch the runtime here).
   */
  onFluxStatus?: StatusHook;
}

export interface GitOpsRuntime {
  session: ConnectionSession;
  /** Keeps the hub's placements in the cluster as Flux objects. */
  projector: HubProjector;
  outbox: Outbox;
  /** Generation of the assignment in force, for hello's lastGeneration. */
  generation(): number;
  /** Settles once the Flux CRDs are installed (undefined when stopped first). */
  fluxCrds: Promise<CrdOutcome[] | undefined>;
  /** Reconciles the Flux objects in the cluster, the hub's projected ones included; started once the CRDs are installed. */
  controllers: ControllerRuntime;
  stop(): Promise<void>;
}

/**
 * How long a reconcile request waits for its hub placement to appear in the watch cache. On an agent's first start
 * the CRDs are installed and the watches started first, which on a busy node takes far longer than a projection.
 */
const PROJECTED_PATIENCE_MS = 180_000;
const PROJECTED_RETRY_MS = [250, 500, 1_000, 2_000] as const;

/** The hub's requests the agent answers once, each with a `<type>.result`. */
type HubRequestType = 'object.read' | 'substitute.read' | 'kustomization.diff' | 'helmrelease.revisions';

const TYPES = new Set(['assignment', 'reconcile', 'suspend', 'resume', 'batch.ack', 'object.read', 'substitute.read', 'kustomization.diff', 'helmrelease.revisions']);

/**
 * The GitOps half of the agent: projects the persisted assignment into the cluster as Flux objects and starts
 * reconciling them at once (the hub may be down), then follows the hub's assignment / reconcile / batch.ack
 * messages and reports through the outbox.
 */
export async function startGitOps(opts: GitOpsOptions, hub: { hubUrl: string; credential: string; clusterId: string }, logger: Logger): Promise<GitOpsRuntime> {
  const resources = await ResourceManager.fromKubeConfig(opts.kubeConfig);
  const stopCrds = new AbortController();
  const fluxCrds = keepInstallingFluxCrds(resources.client, logger, stopCrds.signal);
  // One outbox per cluster identity: a cluster registered again starts a new sequence at the hub.
  const outboxFile = path.join(opts.cacheDir, 'outbox', `${hub.clusterId.replace(/[^A-Za-z0-9_-]/g, '_')}.jsonl`);
  const outbox = await Outbox.open(outboxFile, {
    ...(opts.outboxMaxEvents ? { maxEvents: opts.outboxMaxEvents } : {}),
    onStorageError: (err) => logger.error('cannot write the report outbox; reports wait in memory until it can be written', { file: outboxFile, err: err.message }),
  });
  const artifacts = new ArtifactCache({ dir: opts.cacheDir, hubUrl: hub.hubUrl, credential: hub.credential });
  // Flux objects are reconciled where they are: applied to the cluster (kubectl, a fleet repository) or projected
  // from the hub's placements. Adding a kind is one register() call; a source kind Kustomizations may name is one
  // more entry in `openers`.
  const gitArtifacts = GitArtifactStorage.inCacheDir(opts.cacheDir);
  const ociArtifacts = GitArtifactStorage.inCacheDir(opts.cacheDir, 'OCIRepository');
  const bucketArtifacts = GitArtifactStorage.inCacheDir(opts.cacheDir, 'Bucket');
  const openers = new Map<KustomizationSourceKind, ArtifactOpener>([['ExternalArtifact', externalArtifactOpener(artifacts)]]);
  // The reports read the runtime's caches, and the runtime calls the reports: the lookup is resolved on use.
  const images = new WorkloadImageReader(resources.client, logger);
  const helmReleases = new HelmReleaseInventoryReader(resources.client);
  const reports: ClusterObjectReports = new ClusterObjectReports({
    outbox,
    images,
    helmReleases,
    lookup: { get: (kind, namespace, name) => controllers.get(kind, namespace, name), list: (kind) => controllers.list(kind) },
    kinds: () => controllers.reconciledKinds(),
    logger,
  });
  const placements = new HubPlacementReports({ outbox, logger, images, helmReleases });
  // The hub hears of its placements on this cluster only (the hub refuses reports on any other).
  const placedHere = (kind: FluxKindIdentity, o: FluxObject): boolean => projector.placed(kind.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? '');
  const projector: HubProjector = new HubProjector({
    client: resources.client,
    lookup: { get: (kind, namespace, name) => controllers.get(kind, namespace, name), list: (kind) => controllers.list(kind) },
    artifactsDir: artifacts.dir,
    logger,
    onConflict: (placement, message) => message !== undefined && placements.conflict(placement, message),
  });
  const controllers: ControllerRuntime = new ControllerRuntime({
    client: resources.client,
    logger,
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    onStatus: (kind, object, status, events) => {
      if (!isHubOwned(object.metadata?.labels)) reports.onStatus(kind, object, status, events);
      else if (placedHere(kind, object)) placements.onStatus(kind, object, status, events);
      opts.onFluxStatus?.(kind, object, status, events);
    },
    onDeleted: (kind, object) => {
      if (!isHubOwned(object.metadata?.labels)) reports.onDeleted(kind, object);
      else if (placedHere(kind, object)) placements.onDeleted(kind, object);
    },
    onObserved: (kind, object, deleted) => projector.observed(kind, object, deleted),
  });
  const builds = new LastBuilds();
  registerFluxReconcilers(controllers, { resources, gitArtifacts, ociArtifacts, bucketArtifacts, openers, builds, ...(opts.builder ? { builder: opts.builder } : {}) });
  const substituteSources = new SubstituteReader({ client: resources.client, kustomization: (namespace, name) => controllers.get(FLUX_KINDS.Kustomization, namespace, name) });
  const objects = new ObjectReader({
    resources,
    builds,
    kustomization: (namespace, name) => controllers.get(FLUX_KINDS.Kustomization, namespace, name),
    helmRelease: (namespace, name) => controllers.get(FLUX_KINDS.HelmRelease, namespace, name),
    helmReleases,
    logger,
  });
  const differ = new KustomizationDiffer({ resources, kustomization: (namespace, name) => controllers.get(FLUX_KINDS.Kustomization, namespace, name) });
  const helmRevisions = new HelmRevisionReader({ kube: resources.client, helmRelease: (namespace, name) => controllers.get(FLUX_KINDS.HelmRelease, namespace, name) });
  // Helm kinds: the real helm binary, with the agent's own kubeconfig and its homes in the cache directory.
  registerHelmKinds(controllers, {
    kube: resources.client,
    kubeconfig: await writeHelmKubeconfig(opts.kubeConfig, path.join(opts.cacheDir, 'helm')),
    cacheDir: opts.cacheDir,
    ...(opts.helmBinary ? { helmBinary: opts.helmBinary } : {}),
    gitOpener: storedArtifactOpener(gitArtifacts),
    bucketOpener: storedArtifactOpener(bucketArtifacts),
    ociOpener: storedArtifactOpener(ociArtifacts),
    externalOpener: externalArtifactOpener(artifacts),
  });
  // A new assignment prunes the cache to what it names; the artifacts ExternalArtifacts in the cluster name stay.
  artifacts.keepFor(() => controllers.list(FLUX_KINDS.ExternalArtifact).flatMap((ea) => artifactOf(ea)?.digest ?? []));
  // The watches need the CRDs served; until then a list would only fail and back off. A Kustomization CRD that
  // another manager installed means Flux's own controllers (or another agent) serve these objects: two
  // controllers writing one object's status and finalizer would fight, so the agent leaves them alone — and
  // does not project the hub's placements either, which it would then not reconcile.
  void fluxCrds.then((installed) => {
    if (!installed || stopCrds.signal.aborted) return;
    const ks = installed.find((o) => o.name === `${FLUX_KINDS.Kustomization.plural}.${FLUX_KINDS.Kustomization.group}`);
    if (ks?.action === 'skipped') return logger.warn('not reconciling Flux objects nor running the hub’s placements: their CRDs belong to another manager', { crd: ks.name, reason: ks.reason });
    controllers.start();
    void controllers.synced().then(() => {
      reports.listedAll();
      return projector.start();
    });
  });

  let state = emptyAgentState();
  try {
    state = (await opts.store.load()) ?? state;
  } catch (err) {
    logger.error('cannot load the persisted assignment; waiting for the hub', { store: opts.store.location, err: (err as Error).message });
  }
  if (state.assignment.generation > 0 || state.assignment.kustomizations.length > 0) {
    logger.info('reconciling the persisted assignment', { generation: state.assignment.generation, kustomizations: state.assignment.kustomizations.length, store: opts.store.location });
  }
  let inForce: Assignment = state.assignment;
  await artifacts.retain(new Set(inForce.sources.map((s) => s.digest)));
  // Projected once the runtime has listed the cluster (it then knows which objects are already there).
  void projector.setAssignment(inForce);

  const channel = new ReportChannel(outbox, logger);
  let send: ((type: string, payload: unknown) => void) | undefined;
  // Assignments are applied one at a time, in arrival order.
  let applying: Promise<void> = Promise.resolve();

  /** Runs a hub's request on an object found in the cluster; one the runtime does not know is only logged. */
  function actOnClusterObject(kindName: FluxKindName, namespace: string, name: string, request: string, act: (kind: FluxKindIdentity) => Promise<boolean>): void {
    const kind = fluxKind(kindName);
    const object = `${namespace}/${name}`;
    const known = kind !== undefined && controllers.reconciledKinds().some((k) => k.kind === kind.kind);
    if (!known) return logger.warn(`ignored a ${request} request for a kind this agent does not run`, { kind: kindName, object });
    void act(kind).then(
      (found) => (found ? logger.info(`${request} requested by the hub`, { kind: kindName, object }) : logger.warn(`${request} requested for an object not in this cluster`, { kind: kindName, object })),
      (err: unknown) => logger.error(`cannot ${request} an object in the cluster`, { kind: kindName, object, err: err instanceof Error ? err.message : String(err) }),
    );
  }

  /**
   * The hub sends a reconcile request right after the assignment that places the object, so the projection may
   * not have created it yet (or the watch not seen it): for a hub placement, wait for the assignment and its
   * projection, then retry briefly. Any other object is acted on as found.
   */
  async function whenProjected(kind: FluxKindIdentity, namespace: string, name: string, act: () => Promise<boolean>): Promise<boolean> {
    await applying;
    if (!projector.placed(kind.kind, namespace, name)) return act();
    const giveUpAt = Date.now() + PROJECTED_PATIENCE_MS;
    for (let attempt = 0; ; attempt++) {
      await projector.settled();
      if (await act()) return true;
      // A newer assignment that no longer places it, or patience spent: the hub resends an unhandled request on
      // the agent's next connection.
      if (!projector.placed(kind.kind, namespace, name) || Date.now() >= giveUpAt) return false;
      await new Promise((resolve) => setTimeout(resolve, PROJECTED_RETRY_MS[Math.min(attempt, PROJECTED_RETRY_MS.length - 1)]));
    }
  }

  /**
   * Answers one of the hub's requests with its `.result`. A failure is logged with its error's text only (what
   * was read may be secret) and answered with `code`, so the hub's user is not left waiting for the timeout.
   */
  function answer<T extends HubRequestType>(type: T, payload: unknown, run: (message: MessagePayloads[T]) => Promise<unknown>, doing: string, code: string): void {
    const parsed = parseMessage(type, payload, { from: 'hubToAgent' });
    if (!parsed.ok) return logger.warn(`ignored an invalid ${type} request from the hub`, { reason: parsed.error.message });
    const { requestId, owner } = parsed.message as MessagePayloads[HubRequestType];
    void run(parsed.message).then(
      (result) => send?.(`${type}.result`, result),
      (err: unknown) => {
        logger.error(`cannot ${doing} for the hub`, { owner: `${owner.kind} ${owner.namespace}/${owner.name}`, err: err instanceof Error ? err.message : String(err) });
        send?.(`${type}.result`, { requestId, ok: false, code, message: `the agent could not ${doing}; see its log` });
      },
    );
  }

  const session: ConnectionSession = {
    handles: (type) => TYPES.has(type),
    onConnect(s) {
      send = s;
    },
    onWelcome(protocolVersion) {
      // A v1 hub has no assignments and no ingestion: the outbox waits for a v2 one.
      if (protocolVersion >= 2) channel.attach((type, payload) => send?.(type, payload));
      reports.welcomed(protocolVersion);
      placements.welcomed(protocolVersion);
    },
    onClosed() {
      send = undefined;
      channel.detach();
    },
    onProtocolError: (error) => channel.onProtocolError(error),
    onMessage(type, payload) {
      if (type === 'assignment') {
        const parsed = parseMessage('assignment', payload, { from: 'hubToAgent' });
        if (!parsed.ok) return logger.warn('ignored an invalid assignment from the hub', { reason: parsed.error.message });
        const assignment = parsed.message;
        applying = applying.then(async () => {
          // Persisted before the ack: from then on a restart projects this one, with or without the hub.
          await opts.store.save({ assignment });
          inForce = assignment;
          await artifacts.retain(new Set(assignment.sources.map((s) => s.digest)));
          void projector.setAssignment(assignment);
          logger.info('assignment received', { generation: assignment.generation, kustomizations: assignment.kustomizations.length, sources: assignment.sources.length });
          send?.('assignment.ack', { generation: assignment.generation });
        });
        return;
      }
      if (type === 'reconcile') {
        const parsed = parseMessage('reconcile', payload, { from: 'hubToAgent' });
        if (!parsed.ok) return logger.warn('ignored an invalid reconcile request from the hub', { reason: parsed.error.message });
        const { kind, namespace, name, requestedAt } = parsed.message;
        // A hub placement is asked on its projected object, any other one (any kind, from protocol v3) on the
        // object found in the cluster: both as `flux reconcile` asks.
        return actOnClusterObject(kind, namespace, name, 'reconcile', (k) => whenProjected(k, namespace, name, () => controllers.requestReconcile(k, namespace, name, requestedAt)));
      }
      if (type === 'suspend' || type === 'resume') {
        const parsed = parseMessage(type, payload, { from: 'hubToAgent' });
        if (!parsed.ok) return logger.warn(`ignored an invalid ${type} request from the hub`, { reason: parsed.error.message });
        const { kind, namespace, name } = parsed.message;
        // The hub suspends the Kustomizations it placed in their spec (a new assignment, projected into the object's
        // spec.suspend); these are for objects found in the cluster. One the hub owns would only be put back.
        const target = fluxKind(kind);
        if (target && isHubOwned(controllers.get(target, namespace, name)?.metadata?.labels)) return logger.warn(`ignored a ${type} request for a hub placement: the hub suspends it in its spec`, { kind, object: `${namespace}/${name}` });
        return actOnClusterObject(kind, namespace, name, type, (k) => controllers.setSuspended(k, namespace, name, type === 'suspend'));
      }
      if (type === 'object.read') return answer(type, payload, (m) => objects.read(m), 'read an object', 'READ_FAILED');
      if (type === 'substitute.read') return answer(type, payload, (m) => substituteSources.read(m), 'read substituteFrom', 'READ_FAILED');
      if (type === 'kustomization.diff') return answer(type, payload, (m) => differ.diff(m), 'diff a Kustomization', 'DIFF_FAILED');
      if (type === 'helmrelease.revisions') return answer(type, payload, (m) => helmRevisions.read(m), 'read HelmRelease revisions', 'READ_FAILED');
      const parsed = parseMessage('batch.ack', payload, { from: 'hubToAgent' });
      if (!parsed.ok) return logger.warn('ignored an invalid batch.ack from the hub', { reason: parsed.error.message });
      void channel.ack(parsed.message.seq).catch((err: unknown) => logger.error('cannot record a batch ack', { err: String(err) }));
    },
  };

  return {
    session,
    projector,
    outbox,
    generation: () => inForce.generation,
    fluxCrds,
    controllers,
    async stop() {
      stopCrds.abort();
      await applying.catch(() => undefined);
      await projector.stop();
      await controllers.stop();
      await Promise.all([reports.flushed(), placements.flushed()]);
      await outbox.flush();
      // Closing the connections also ends a CRD request still waiting on an unresponsive API server.
      resources.close();
      await fluxCrds;
    },
  };
}
