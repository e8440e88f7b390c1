import { FLUX_KINDS, type FluxKindName } from '@flotilla/reconcile-core';
import type { z } from 'zod';
import { helmReleaseSpec, helmReleaseStatus } from './helm-release.schema.js';
import { kustomizationSpec, kustomizationStatus } from './kustomization.schema.js';
import { NEVER_OBSERVED } from './meta.schema.js';
import {
  bucketSpec,
  bucketStatus,
  externalArtifactSpec,
  externalArtifactStatus,
  gitRepositorySpec,
  gitRepositoryStatus,
  helmChartSpec,
  helmChartStatus,
  helmRepositorySpec,
  helmRepositoryStatus,
  ociRepositorySpec,
  ociRepositoryStatus,
} from './source.schema.js';

/**
 * The Flux kinds a Flotilla cluster serves: the schemas of spec and status, and how `kubectl get` shows them.
 * Their API identity (group, kind, plural, short names, version) is reconcile-core's FLUX_KINDS. The CRDs
 * are generated from this table, so a kind added here is served.
 */

export const FLUX_GROUPS = {
  source: FLUX_KINDS.GitRepository.group,
  kustomize: FLUX_KINDS.Kustomization.group,
  helm: FLUX_KINDS.HelmRelease.group,
} as const;
export type FluxGroup = (typeof FLUX_GROUPS)[keyof typeof FLUX_GROUPS];

export interface PrinterColumn {
  name: string;
  type: 'string' | 'date' | 'integer' | 'boolean';
  jsonPath: string;
}

export interface FluxKindDefinition {
  group: FluxGroup;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  /** The version stored and read by Flux's own client. */
  version: string;
  /**
   * Older versions still accepted, with the same schema and a deprecation warning. Flux v2.9 itself serves
   * only the current versions; repositories written for Flux v2.0–v2.6 (and the bootstrap manifests many
   * guides show) still say `v1beta2`, and their fields are a subset of `v1`'s, so they apply unchanged.
   */
  legacyVersions: string[];
  spec: z.ZodType;
  status: z.ZodType;
  /** What a fresh object's status reads before the first reconcile. */
  statusDefault?: Record<string, unknown>;
  printerColumns: PrinterColumn[];
  description: string;
}

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const ready: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
};
const status: PrinterColumn = {
  name: 'Status',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].message',
};
const url: PrinterColumn = { name: 'URL', type: 'string', jsonPath: '.spec.url' };

/** A kind's identity fields, as reconcile-core defines them. */
function identity<const N extends FluxKindName>(name: N) {
  const { group, kind, plural, shortNames, version } = FLUX_KINDS[name];
  return { group, kind, plural, shortNames: [...shortNames], version };
}

const sourceCategories = ['all', 'fluxcd', 'fluxcd-sources'];
const applierCategories = ['all', 'fluxcd', 'fluxcd-appliers'];

export const FLUX_KIND_DEFINITIONS = [
  {
    ...identity('GitRepository'),
    singular: 'gitrepository',
    categories: sourceCategories,
    legacyVersions: ['v1beta2'],
    spec: gitRepositorySpec,
    status: gitRepositoryStatus,
    statusDefault: NEVER_OBSERVED,
    printerColumns: [url, age, ready, status],
    description: 'A Git repository whose selected revision is packaged as an artifact.',
  },
  {
    ...identity('OCIRepository'),
    singular: 'ocirepository',
    categories: sourceCategories,
    legacyVersions: ['v1beta2'],
    spec: ociRepositorySpec,
    status: ociRepositoryStatus,
    statusDefault: NEVER_OBSERVED,
    printerColumns: [url, ready, status, age],
    description:
      'An OCI artifact (manifests pushed to a container registry) whose selected tag or digest is an artifact.',
  },
  {
    ...identity('HelmRepository'),
    singular: 'helmrepository',
    categories: sourceCategories,
    legacyVersions: ['v1beta2'],
    spec: helmRepositorySpec,
    status: helmRepositoryStatus,
    statusDefault: NEVER_OBSERVED,
    printerColumns: [url, age, ready, status],
    description: 'A Helm chart repository (an HTTP index or an OCI registry).',
  },
  {
    ...identity('HelmChart'),
    singular: 'helmchart',
    categories: sourceCategories,
    legacyVersions: ['v1beta2'],
    spec: helmChartSpec,
    status: helmChartStatus,
    statusDefault: NEVER_OBSERVED,
    printerColumns: [
      { name: 'Chart', type: 'string', jsonPath: '.spec.chart' },
      { name: 'Version', type: 'string', jsonPath: '.spec.version' },
      { name: 'Source Kind', type: 'string', jsonPath: '.spec.sourceRef.kind' },
      { name: 'Source Name', type: 'string', jsonPath: '.spec.sourceRef.name' },
      age,
      ready,
      status,
    ],
    description: 'A packaged Helm chart taken from a HelmRepository, GitRepository or Bucket.',
  },
  {
    ...identity('Bucket'),
    singular: 'bucket',
    categories: sourceCategories,
    legacyVersions: ['v1beta2'],
    spec: bucketSpec,
    status: bucketStatus,
    statusDefault: NEVER_OBSERVED,
    printerColumns: [{ name: 'Endpoint', type: 'string', jsonPath: '.spec.endpoint' }, age, ready, status],
    description: 'An S3-compatible bucket (or a prefix of one) packaged as an artifact.',
  },
  {
    ...identity('ExternalArtifact'),
    singular: 'externalartifact',
    categories: sourceCategories,
    legacyVersions: [],
    spec: externalArtifactSpec,
    status: externalArtifactStatus,
    printerColumns: [
      age,
      ready,
      status,
      { name: 'Source', type: 'string', jsonPath: '.spec.sourceRef.name' },
    ],
    description:
      "An artifact produced by something other than the cluster's source reconcilers, which names its producer.",
  },
  {
    ...identity('Kustomization'),
    singular: 'kustomization',
    categories: applierCategories,
    legacyVersions: ['v1beta2'],
    spec: kustomizationSpec,
    status: kustomizationStatus,
    statusDefault: NEVER_OBSERVED,
    printerColumns: [age, ready, status],
    description:
      'A path of a source built with kustomize and applied to the cluster, pruned and health-checked.',
  },
  {
    ...identity('HelmRelease'),
    singular: 'helmrelease',
    categories: applierCategories,
    legacyVersions: [],
    spec: helmReleaseSpec,
    status: helmReleaseStatus,
    statusDefault: NEVER_OBSERVED,
    printerColumns: [age, ready, status],
    description: 'A Helm release installed, upgraded, tested and remediated from a chart.',
  },
] as const satisfies readonly FluxKindDefinition[];

export type FluxKind = (typeof FLUX_KIND_DEFINITIONS)[number]['kind'];
