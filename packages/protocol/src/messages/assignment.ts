import { FLUX_KINDS } from '@flotilla/reconcile-core';
import * as z from 'zod';
import { helmReleaseSpec } from '../flux/helm-release.schema.js';
import { kustomizationSpec } from '../flux/kustomization.schema.js';
import { artifactDigest, kubeName, sequenceNumber } from '../limits.js';

// A Kustomization's spec travels in Flux's own definition (flux/kustomization.schema.ts): the hub parsed it
// with that definition when it was written, and the agent parses it again here because the wire is an edge.

const stringMap = z.record(z.string().max(253), z.string().max(65_536));

/**
 * An artifact the hub produced once for the fleet: a GitRepository's or an OCIRepository's tarball, or (kind HelmChart) the chart
 * archive a hub HelmRelease resolved from a hub HelmRepository, named `<namespace>-<name>` of the release as
 * Flux names the HelmChart a HelmRelease creates. Each becomes an ExternalArtifact in the cluster.
 */
export const assignedSourceSchema = z.object({
  kind: z.enum([FLUX_KINDS.GitRepository.kind, FLUX_KINDS.OCIRepository.kind, FLUX_KINDS.HelmChart.kind]),
  namespace: kubeName,
  name: kubeName,
  /** Flux revision string, e.g. `main@sha1:<40 hex>`. */
  revision: z.string().min(1).max(512),
  digest: artifactDigest,
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** `/artifacts/<digest>`, relative to the hub URL; fetched with the cluster credential as a bearer token. */
  url: z.string().min(1).max(1024),
});
export type AssignedSource = z.infer<typeof assignedSourceSchema>;

export const assignedKustomizationSchema = z.object({
  namespace: kubeName,
  name: kubeName,
  /** The Kustomization's own generation (bumped by the hub on every spec change). */
  generation: sequenceNumber,
  spec: kustomizationSpec,
  /**
   * Cluster variables for postBuild substitution: the cluster's variable map, then `cluster_name`, `cluster_id`
   * and `cluster_label_<key>` (non [A-Za-z0-9_] → `_`). Precedence, lowest first: these variables, then
   * `postBuild.substituteFrom` in order, then `postBuild.substitute` — the Kustomization's own values win.
   */
  variables: stringMap,
});
export type AssignedKustomization = z.infer<typeof assignedKustomizationSchema>;

export const assignedHelmReleaseSchema = z.object({
  namespace: kubeName,
  name: kubeName,
  /** The hub HelmRelease's own generation. */
  generation: sequenceNumber,
  /**
   * Flux's HelmRelease spec as this cluster runs it: `chartRef` names the ExternalArtifact of the chart the hub
   * resolved, and `values` are the cluster's rendered values (overlays merged, cluster variables substituted).
   */
  spec: helmReleaseSpec,
});
export type AssignedHelmRelease = z.infer<typeof assignedHelmReleaseSchema>;

/**
 * hub → agent (v2): the full desired state of one cluster. Sent on every change and after each hello; the
 * generation rises only when the document changes. Kustomizations whose source has no ready artifact are listed
 * without a matching entry in `sources` (the agent reports ArtifactFailed for them).
 */
export const assignmentSchema = z.object({
  generation: sequenceNumber,
  sources: z.array(assignedSourceSchema).max(10_000),
  kustomizations: z.array(assignedKustomizationSchema).max(10_000),
  /** Absent when the cluster runs no hub HelmRelease, so documents written before hub HelmReleases keep their content. */
  helmReleases: z.array(assignedHelmReleaseSchema).max(10_000).optional(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

/** agent → hub (v2): the agent stored this assignment generation (it reconciles from it from now on). */
export const assignmentAckSchema = z.object({ generation: sequenceNumber });
export type AssignmentAck = z.infer<typeof assignmentAckSchema>;
