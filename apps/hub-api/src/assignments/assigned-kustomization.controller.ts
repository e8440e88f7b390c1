import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { kustomizationDiffSchema, type AssignedKustomization, type AssignedSource, type DiffEntry } from '@flotilla/protocol';
import type { ArtifactStore } from '@flotilla/git-source';
import { GitRepositoriesRepository } from '../sources/git-repositories.repository.js';
import { GitRevisionFetch } from '../sources/git-revision-fetch.js';
import { OciRepositoriesRepository } from '../oci-sources/oci-repositories.repository.js';
import { OciRevisionFetch } from '../oci-sources/oci-revision-fetch.js';
import { AccessService } from '../auth/access.service.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { JsonLogger } from '../common/logger.js';
import { ARTIFACT_STORE } from './artifact-store.token.js';
import { sendArtifact } from './artifact-response.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { KustomizationDiffRequests } from './kustomization-diff-requests.js';

/** What `GET /api/clusters/:cluster/kustomizations/:namespace/:name` answers. */
export interface AssignedKustomizationAnswer {
  cluster: { id: string; name: string };
  /** As the agent gets it: the spec and the cluster's variables. */
  kustomization: AssignedKustomization;
  /** The source's artifact in the cluster's assignment; null while the source has none. */
  source: Pick<AssignedSource, 'kind' | 'namespace' | 'name' | 'revision' | 'digest'> | null;
}

/** What `POST …/diff` answers: the agent's dry-run of each object, as `flux diff kustomization` reports it. */
export interface KustomizationDiffAnswer {
  entries: DiffEntry[];
  errors: { subject: string; message: string }[];
}

/** The objects of a diff request, checked here as the agent checks them (size, count, shape). */
const diffBodySchema = kustomizationDiffSchema.pick({ objects: true });

/**
 * For `flotilla build kustomization NAME --cluster C`: a Kustomization as the cluster's current assignment
 * gives it to the agent (spec, cluster variables, the source's revision), and that source's artifact, so the
 * CLI renders the objects the agent applies from the same inputs. Session or API token; the viewer role in
 * the Kustomization's namespace on that cluster, which is what it takes to see the Kustomization there. A
 * cluster or Kustomization out of the caller's sight is answered as missing. For `flotilla diff kustomization`,
 * the objects the CLI built go to the cluster's agent, which dry-runs those its Kustomization would manage.
 */
@Controller('api/clusters')
@UseGuards(RolesGuard)
@RequireRole('VIEWER', 'scoped')
export class AssignedKustomizationController {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly access: AccessService,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly log: JsonLogger,
    private readonly diffs: KustomizationDiffRequests,
    private readonly gitRepositories: GitRepositoriesRepository,
    private readonly revisions: GitRevisionFetch,
    private readonly ociRepositories: OciRepositoriesRepository,
    private readonly ociRevisions: OciRevisionFetch,
  ) {}

  private async resolve(actor: Actor, clusterName: string, namespace: string, name: string): Promise<AssignedKustomizationAnswer> {
    const cluster = await this.assignments.clusterByName(clusterName);
    if (!cluster || !(await this.access.canSee(actor, cluster.id))) throw new DomainError('CLUSTER_NOT_FOUND', `cluster '${clusterName}' not found`);
    if (!(await this.assignments.kustomizationExists(namespace, name)) || !(await this.access.canSee(actor, cluster.id, namespace))) {
      throw new DomainError('KUSTOMIZATION_NOT_FOUND', `Kustomization '${name}' not found in '${namespace}' namespace`);
    }
    const assignment = (await this.assignments.current([cluster.id])).get(cluster.id);
    const kustomization = assignment?.kustomizations.find((k) => k.namespace === namespace && k.name === name);
    if (!assignment || !kustomization) {
      throw new DomainError('NOT_PLACED', `Kustomization '${name}' in '${namespace}' namespace is not placed on cluster '${clusterName}' (its placement does not select it)`);
    }
    // Flux: sourceRef.namespace defaults to the Kustomization's namespace.
    const ref = kustomization.spec.sourceRef;
    const source = assignment.sources.find((s) => s.kind === ref.kind && s.namespace === (ref.namespace ?? namespace) && s.name === ref.name);
    return {
      cluster,
      kustomization,
      source: source ? { kind: source.kind, namespace: source.namespace, name: source.name, revision: source.revision, digest: source.digest } : null,
    };
  }

  @Get(':cluster/kustomizations/:namespace/:name')
  async assigned(@CurrentActor() actor: Actor, @Param('cluster') cluster: string, @Param('namespace') namespace: string, @Param('name') name: string): Promise<AssignedKustomizationAnswer> {
    return this.resolve(actor, cluster, namespace, name);
  }

  @Get(':cluster/kustomizations/:namespace/:name/artifact')
  async artifact(
    @CurrentActor() actor: Actor,
    @Param('cluster') cluster: string,
    @Param('namespace') namespace: string,
    @Param('name') name: string,
    @Res() res: Response,
  ): Promise<void> {
    const { source } = await this.resolve(actor, cluster, namespace, name);
    if (!source) throw new DomainError('SOURCE_NOT_FOUND', `the source of Kustomization '${name}' has no artifact yet`);
    await sendArtifact(this.store, source.digest, res, this.log, { cluster, kustomization: `${namespace}/${name}` });
  }

  /**
   * For the web UI's preview of another revision: the Kustomization's source fetched at the ref in the body
   * with the hub's engine and the source's settings: for a GitRepository `{ ref: { branch | tag | semver | name
   * | commit } }` (Flux's GitRepositoryRef), for an OCIRepository `{ ref: { tag | semver [semverFilter] |
   * digest } }` (Flux's OCIRepositoryRef). Answered as the tar.gz bytes, Flux's revision in
   * `x-flotilla-revision` and the digest in `x-flotilla-digest`. One request, nothing stored: any hub replica
   * can answer it. The same access rule as the artifact itself.
   */
  @Post(':cluster/kustomizations/:namespace/:name/artifact-at')
  @HttpCode(200)
  async artifactAt(
    @CurrentActor() actor: Actor,
    @Param('cluster') cluster: string,
    @Param('namespace') namespace: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const { kustomization } = await this.resolve(actor, cluster, namespace, name);
    const ref = kustomization.spec.sourceRef;
    const sourceNamespace = ref.namespace ?? namespace;
    const given = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { ref?: unknown }).ref : undefined;
    const context = { cluster, kustomization: `${namespace}/${name}` };
    let fetched;
    if (ref.kind === 'GitRepository') {
      const row = await this.gitRepositories.findByName(sourceNamespace, ref.name);
      if (!row) throw new DomainError('SOURCE_NOT_FOUND', `GitRepository '${ref.name}' not found in '${sourceNamespace}' namespace`);
      if (given === undefined) throw badInput('ref', 'ref: give one of branch, tag, semver, name or commit');
      fetched = await this.revisions.fetch(row, given, context);
    } else if (ref.kind === 'OCIRepository') {
      const row = await this.ociRepositories.findByName(sourceNamespace, ref.name);
      if (!row) throw new DomainError('SOURCE_NOT_FOUND', `OCIRepository '${ref.name}' not found in '${sourceNamespace}' namespace`);
      fetched = await this.ociRevisions.fetch(row, given, context);
    } else {
      throw new DomainError('REVISION_PICKING_UNSUPPORTED', `revision picking is for GitRepository and OCIRepository sources; the source of Kustomization '${name}' is a ${ref.kind}`);
    }
    res.status(200);
    res.setHeader('content-type', 'application/gzip');
    res.setHeader('content-length', String(fetched.bytes.length));
    res.setHeader('x-flotilla-revision', fetched.revision);
    res.setHeader('x-flotilla-digest', fetched.digest);
    // A branch or a range may resolve to another commit next time.
    res.setHeader('cache-control', 'no-store');
    res.end(fetched.bytes);
  }

  /**
   * The cluster a diff goes to: a hub Kustomization placed there, or one that exists only in that cluster (a
   * Kustomization applied from git, as `flotilla diff kustomization --recursive` reaches them), which the
   * cluster's agent reports. Either takes the viewer role in its namespace on that cluster.
   */
  private async diffTarget(actor: Actor, clusterName: string, namespace: string, name: string): Promise<{ id: string }> {
    const cluster = await this.assignments.clusterByName(clusterName);
    if (cluster && (await this.access.canSee(actor, cluster.id, namespace)) && (await this.assignments.clusterKustomizationExists(cluster.id, namespace, name))) {
      const placed = (await this.assignments.current([cluster.id])).get(cluster.id)?.kustomizations.some((k) => k.namespace === namespace && k.name === name);
      if (!placed) return cluster;
    }
    return (await this.resolve(actor, clusterName, namespace, name)).cluster;
  }

  @Post(':cluster/kustomizations/:namespace/:name/diff')
  @HttpCode(200)
  async diff(
    @CurrentActor() actor: Actor,
    @Param('cluster') cluster: string,
    @Param('namespace') namespace: string,
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<KustomizationDiffAnswer> {
    const target = await this.diffTarget(actor, cluster, namespace, name);
    const parsed = diffBodySchema.safeParse(body);
    if (!parsed.success) throw badInput('objects', `objects: ${parsed.error.issues[0]?.message ?? 'expected a list of Kubernetes objects'}`);
    const answer = await this.diffs.ask(target.id, { owner: { kind: 'Kustomization', namespace, name }, objects: parsed.data.objects });
    if (!answer.ok) {
      if (answer.code === 'NOT_FOUND') throw new DomainError('NOT_PLACED', answer.message);
      throw new DomainError('AGENT_FAILED', answer.message);
    }
    return { entries: answer.entries, errors: answer.errors };
  }
}
