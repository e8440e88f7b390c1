import { createHash } from 'node:crypto';
import path from 'node:path';
import { HUB_GENERATION_ANNOTATION, HUB_OWNER_LABEL, HUB_OWNER_VALUE, type AssignedHelmRelease, type AssignedKustomization, type AssignedSource, type Assignment } from '@flotilla/protocol';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { sourceKey } from '../assignment/assignment.js';
import type { FluxObject } from '../controller/kind-reconciler.js';
import { isRecord } from '../k8s/object-ref.js';

// The hub's assignment as the Flux objects that stand for it in the cluster. Pure: the projector compares these
// with what the API server holds and writes the difference.

const EA = FLUX_KINDS.ExternalArtifact;
const KS = FLUX_KINDS.Kustomization;
const HR = FLUX_KINDS.HelmRelease;
const hubLabels = (): Record<string, string> => ({ [HUB_OWNER_LABEL]: HUB_OWNER_VALUE });

/** A projected object and, for an ExternalArtifact, the status the agent writes through the status subresource. */
export interface ProjectedObject {
  kind: 'Namespace' | 'ConfigMap' | typeof EA.kind | typeof KS.kind | typeof HR.kind;
  object: FluxObject;
  status?: Record<string, unknown>;
}

/** A hub Kustomization and every object it needs in the cluster (its namespace first). */
export interface ProjectedPlacement {
  assigned: AssignedKustomization;
  needs: ProjectedObject[];
  kustomization: ProjectedObject;
}

/** A hub HelmRelease and what it needs: its namespace and the ExternalArtifact of the chart the hub resolved. */
export interface ProjectedRelease {
  assigned: AssignedHelmRelease;
  needs: ProjectedObject[];
  release: ProjectedObject;
}

export interface Projection {
  placements: ProjectedPlacement[];
  releases: ProjectedRelease[];
  /** Every object the projection owns, keyed by `kind/namespace/name` (namespaces excluded: they are never deleted). */
  owned: Map<string, ProjectedObject>;
}

export const projectedKey = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;
export const keyOfProjected = (p: ProjectedObject): string => projectedKey(p.kind, p.object.metadata?.namespace ?? '', p.object.metadata?.name ?? '');

/** The ConfigMap holding a Kustomization's cluster variables: named by its content, so new values are a new spec. */
export function variablesConfigMapName(variables: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(variables).sort(([a], [b]) => a.localeCompare(b)));
  return `flotilla-cluster-variables-${createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 10)}`;
}

/**
 * The ExternalArtifact standing for a source the hub fetched. Its artifact is the hub's (revision, digest,
 * size); the url names the agent's cache file, which the opener reads by digest (downloading it from the hub
 * with the cluster credential when missing) — the url is never followed. `lastUpdateTime` is when the agent
 * first saw this revision, kept while it stays the same.
 */
export function externalArtifactFor(source: AssignedSource, artifactsDir: string, lastUpdateTime: string): ProjectedObject {
  const file = `${source.digest.slice('sha256:'.length)}.tar.gz`;
  return {
    kind: EA.kind,
    object: { apiVersion: EA.apiVersion, kind: EA.kind, metadata: { name: source.name, namespace: source.namespace, labels: hubLabels() }, spec: {} },
    status: {
      artifact: { path: `artifacts/${file}`, url: `file://${path.join(artifactsDir, file)}`, revision: source.revision, digest: source.digest, size: source.size, lastUpdateTime },
      conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${source.revision}'`, lastTransitionTime: lastUpdateTime }],
    },
  };
}

/**
 * The Kustomization standing for a hub Kustomization: the hub's spec, its `sourceRef` pointing at the
 * ExternalArtifact of its source. The cluster variables keep the precedence the hub documents — lowest — by
 * coming FIRST in `postBuild.substituteFrom`, since Flux lets later entries and then `postBuild.substitute`
 * override earlier ones (flux.md §2 post-build). As in Flux, nothing is substituted without `postBuild`, so
 * the variables are only added to a spec that has one.
 */
export function kustomizationFor(k: AssignedKustomization): { kustomization: ProjectedObject; variables?: ProjectedObject } {
  const spec: Record<string, unknown> = { ...k.spec };
  const ref = k.spec.sourceRef;
  spec.sourceRef = { kind: EA.kind, name: ref.name, namespace: ref.namespace || k.namespace };
  let variables: ProjectedObject | undefined;
  const postBuild = isRecord(k.spec.postBuild) ? k.spec.postBuild : undefined;
  if (postBuild && Object.keys(k.variables).length > 0) {
    const name = variablesConfigMapName(k.variables);
    const from = Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : [];
    spec.postBuild = { ...postBuild, substituteFrom: [{ kind: 'ConfigMap', name }, ...from] };
    variables = {
      kind: 'ConfigMap',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: k.namespace, labels: hubLabels() }, data: { ...k.variables } } as FluxObject,
    };
  }
  const kustomization: ProjectedObject = {
    kind: KS.kind,
    object: {
      apiVersion: KS.apiVersion,
      kind: KS.kind,
      metadata: { name: k.name, namespace: k.namespace, labels: hubLabels(), annotations: { [HUB_GENERATION_ANNOTATION]: String(k.generation) } },
      spec,
    },
  };
  return { kustomization, ...(variables ? { variables } : {}) };
}

/**
 * The HelmRelease standing for a hub HelmRelease: the spec the hub rendered for this cluster, whose `chartRef`
 * names the ExternalArtifact of the chart the hub pulled once for the fleet.
 */
export function helmReleaseFor(r: AssignedHelmRelease): ProjectedObject {
  return {
    kind: HR.kind,
    object: {
      apiVersion: HR.apiVersion,
      kind: HR.kind,
      metadata: { name: r.name, namespace: r.namespace, labels: hubLabels(), annotations: { [HUB_GENERATION_ANNOTATION]: String(r.generation) } },
      spec: { ...r.spec },
    },
  };
}

const namespaceObject = (name: string): ProjectedObject => ({ kind: 'Namespace', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });

/**
 * Every placement with the objects it needs (and every hub HelmRelease with its chart's ExternalArtifact): its namespace, its source's ExternalArtifact (when the hub has an
 * artifact for it; without one the Kustomization waits for its source, as in Flux) and its variables ConfigMap.
 * `updatedAt` gives an artifact's lastUpdateTime.
 */
export function projectAssignment(assignment: Assignment, artifactsDir: string, updatedAt: (source: AssignedSource) => string): Projection {
  const sources = new Map(assignment.sources.map((s) => [sourceKey(s), s]));
  const owned = new Map<string, ProjectedObject>();
  const placements = assignment.kustomizations.map((k): ProjectedPlacement => {
    const ref = k.spec.sourceRef;
    const source = sources.get(sourceKey({ kind: ref.kind, namespace: ref.namespace || k.namespace, name: ref.name }));
    const { kustomization, variables } = kustomizationFor(k);
    const needs: ProjectedObject[] = [namespaceObject(k.namespace)];
    if (source) needs.push(namespaceObject(source.namespace), externalArtifactFor(source, artifactsDir, updatedAt(source)));
    if (variables) needs.push(variables);
    for (const p of [...needs, kustomization]) if (p.kind !== 'Namespace') owned.set(keyOfProjected(p), p);
    return { assigned: k, needs, kustomization };
  });
  const releases = (assignment.helmReleases ?? []).map((r): ProjectedRelease => {
    const ref = r.spec.chartRef;
    const chart = ref ? sources.get(sourceKey({ kind: FLUX_KINDS.HelmChart.kind, namespace: ref.namespace || r.namespace, name: ref.name })) : undefined;
    const release = helmReleaseFor(r);
    const needs: ProjectedObject[] = [namespaceObject(r.namespace)];
    if (chart) needs.push(externalArtifactFor(chart, artifactsDir, updatedAt(chart)));
    for (const p of [...needs, release]) if (p.kind !== 'Namespace') owned.set(keyOfProjected(p), p);
    return { assigned: r, needs, release };
  });
  return { placements, releases, owned };
}
