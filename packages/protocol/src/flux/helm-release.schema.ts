import { HELM_CHART_SOURCE_KINDS } from '@flotilla/reconcile-core';
import * as z from 'zod';
import {
  commonMetadata,
  customHealthCheck,
  dependencyReference,
  fluxDuration,
  ignoreRule,
  int64,
  kubeConfigReference,
  kustomizeImage,
  kustomizePatch,
  localObjectReference,
  preservedJson,
  reconcileStatusFields,
  resourceInventory,
  timestamp,
  withCelRules,
} from './meta.schema.js';

/** helm.toolkit.fluxcd.io HelmRelease: install and upgrade a Helm chart with Flux's remediation rules. */

const crdsPolicy = z.enum(['Skip', 'Create', 'CreateReplace']);
const serverSideApplyMode = z.enum(['enabled', 'disabled', 'auto']);
const strategyName = z.enum(['RemediateOnFailure', 'RetryOnFailure']);

/** What every Helm action (install, upgrade, rollback, uninstall) can switch off. */
const actionFlags = {
  timeout: fluxDuration.optional(),
  disableWait: z.boolean().optional(),
  disableHooks: z.boolean().optional(),
};
/** The flags install and upgrade share: both render and apply a chart. */
const renderFlags = {
  ...actionFlags,
  disableWaitForJobs: z.boolean().optional(),
  disableTakeOwnership: z.boolean().optional(),
  disableOpenAPIValidation: z.boolean().optional(),
  disableSchemaValidation: z.boolean().optional(),
  crds: crdsPolicy.optional(),
};

const remediation = {
  retries: z.int().optional(),
  ignoreTestFailures: z.boolean().optional(),
  remediateLastFailure: z.boolean().optional(),
};

const chartTemplate = z.object({
  metadata: commonMetadata.optional(),
  spec: z.object({
    chart: z.string().min(1).max(2048),
    version: z.string().default('*'),
    sourceRef: z.object({
      apiVersion: z.string().optional(),
      kind: z.enum(HELM_CHART_SOURCE_KINDS),
      name: z.string().min(1).max(253),
      namespace: z.string().min(1).max(63).optional(),
    }),
    interval: fluxDuration.optional(),
    reconcileStrategy: z.enum(['ChartVersion', 'Revision']).default('ChartVersion'),
    valuesFiles: z.array(z.string()).optional(),
    ignoreMissingValuesFiles: z.boolean().optional(),
    verify: z
      .object({
        provider: z.enum(['cosign', 'notation']).default('cosign'),
        secretRef: localObjectReference.optional(),
      })
      .optional(),
  }),
});

export const helmReleaseSpec = withCelRules(
  z.object({
    chart: chartTemplate.optional(),
    chartRef: z
      .object({
        apiVersion: z.string().optional(),
        kind: z.enum(['OCIRepository', 'HelmChart', 'ExternalArtifact']),
        name: z.string().min(1).max(253),
        namespace: z.string().min(1).max(63).optional(),
      })
      .optional(),
    interval: fluxDuration,
    kubeConfig: kubeConfigReference.optional(),
    suspend: z.boolean().optional(),
    releaseName: z.string().min(1).max(53).optional(),
    targetNamespace: z.string().min(1).max(63).optional(),
    storageNamespace: z.string().min(1).max(63).optional(),
    dependsOn: z.array(dependencyReference).optional(),
    timeout: fluxDuration.optional(),
    maxHistory: z.int().optional(),
    serviceAccountName: z.string().min(1).max(253).optional(),
    persistentClient: z.boolean().optional(),
    driftDetection: z
      .object({
        mode: z.enum(['enabled', 'warn', 'disabled']).optional(),
        ignore: z.array(ignoreRule).optional(),
      })
      .optional(),
    install: z
      .object({
        ...renderFlags,
        remediation: z.object(remediation).optional(),
        strategy: withCelRules(z.object({ name: strategyName, retryInterval: fluxDuration.optional() }), [
          {
            // Retrying at an interval only makes sense for the strategy that retries.
            rule: "!has(self.retryInterval) || self.name != 'RemediateOnFailure'",
            message: 'retryInterval goes with the RetryOnFailure strategy only',
            check: (s) => s.retryInterval === undefined || s.name !== 'RemediateOnFailure',
          },
        ]).optional(),
        serverSideApply: z.boolean().optional(),
        replace: z.boolean().optional(),
        skipCRDs: z.boolean().optional(),
        createNamespace: z.boolean().optional(),
      })
      .optional(),
    upgrade: z
      .object({
        ...renderFlags,
        remediation: z
          .object({ ...remediation, strategy: z.enum(['rollback', 'uninstall']).optional() })
          .optional(),
        strategy: withCelRules(z.object({ name: strategyName, retryInterval: fluxDuration.optional() }), [
          {
            rule: "!has(self.retryInterval) || self.name == 'RetryOnFailure'",
            message: 'retryInterval goes with the RetryOnFailure strategy only',
            check: (s) => s.retryInterval === undefined || s.name === 'RetryOnFailure',
          },
        ]).optional(),
        chartNameChangeStrategy: z.enum(['InPlaceUpdate', 'Reinstall']).optional(),
        serverSideApply: serverSideApplyMode.optional(),
        force: z.boolean().optional(),
        preserveValues: z.boolean().optional(),
        cleanupOnFail: z.boolean().optional(),
      })
      .optional(),
    test: z
      .object({
        enable: z.boolean().optional(),
        timeout: fluxDuration.optional(),
        ignoreFailures: z.boolean().optional(),
        filters: z
          .array(z.object({ name: z.string().min(1).max(253), exclude: z.boolean().optional() }))
          .optional(),
      })
      .optional(),
    rollback: z
      .object({
        ...actionFlags,
        disableWaitForJobs: z.boolean().optional(),
        recreate: z.boolean().optional(),
        force: z.boolean().optional(),
        cleanupOnFail: z.boolean().optional(),
        serverSideApply: serverSideApplyMode.optional(),
      })
      .optional(),
    uninstall: z
      .object({
        ...actionFlags,
        keepHistory: z.boolean().optional(),
        deletionPropagation: z.enum(['background', 'foreground', 'orphan']).default('background'),
      })
      .optional(),
    waitStrategy: z.object({ name: z.enum(['poller', 'legacy']) }).optional(),
    valuesFrom: z
      .array(
        z.object({
          kind: z.enum(['Secret', 'ConfigMap']),
          name: z.string().min(1).max(253),
          valuesKey: z
            .string()
            .max(253)
            .regex(new RegExp(String.raw`^[\-._a-zA-Z0-9]+$`))
            .optional(),
          targetPath: z
            .string()
            .max(250)
            .regex(new RegExp(String.raw`^([a-zA-Z0-9_\-.\\\/]|\[[0-9]{1,5}\])+$`))
            .optional(),
          optional: z.boolean().optional(),
          literal: z.boolean().optional(),
        }),
      )
      .optional(),
    values: preservedJson.optional(),
    postRenderers: z
      .array(
        z.object({
          kustomize: z
            .object({
              patches: z.array(kustomizePatch).optional(),
              images: z.array(kustomizeImage).optional(),
            })
            .optional(),
        }),
      )
      .optional(),
    postRenderStrategy: z.enum(['nohooks', 'combined', 'separate']).optional(),
    commonMetadata: commonMetadata.optional(),
    healthCheckExprs: z.array(customHealthCheck).optional(),
  }),
  [
    {
      rule: '(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))',
      message: 'set one of chart and chartRef',
      check: (s) => (s.chart === undefined) !== (s.chartRef === undefined),
    },
  ],
);
export type HelmReleaseSpec = z.infer<typeof helmReleaseSpec>;

/** One Helm release revision as Flux records it, newest first. */
const releaseSnapshot = z.object({
  apiVersion: z.string().optional(),
  digest: z.string(),
  name: z.string(),
  namespace: z.string(),
  version: z.int(),
  status: z.string(),
  chartName: z.string(),
  chartVersion: z.string(),
  appVersion: z.string().optional(),
  configDigest: z.string(),
  firstDeployed: timestamp,
  lastDeployed: timestamp,
  deleted: timestamp.optional(),
  testHooks: z
    .record(
      z.string(),
      z.object({
        lastStarted: timestamp.optional(),
        lastCompleted: timestamp.optional(),
        phase: z.string().optional(),
      }),
    )
    .optional(),
  ociDigest: z.string().optional(),
  action: z.string().optional(),
});

export const helmReleaseStatus = z.object({
  ...reconcileStatusFields,
  observedPostRenderersDigest: z.string().optional(),
  observedCommonMetadataDigest: z.string().optional(),
  lastAttemptedGeneration: int64.optional(),
  helmChart: z.string().optional(),
  storageNamespace: z.string().min(1).max(63).optional(),
  history: z.array(releaseSnapshot).optional(),
  lastAttemptedReleaseAction: z.enum(['install', 'upgrade']).optional(),
  lastAttemptedReleaseActionDuration: z.string().optional(),
  failures: int64.optional(),
  installFailures: int64.optional(),
  upgradeFailures: int64.optional(),
  lastAttemptedRevision: z.string().optional(),
  lastAttemptedRevisionDigest: z.string().optional(),
  lastAttemptedValuesChecksum: z.string().optional(),
  lastAttemptedConfigDigest: z.string().optional(),
  lastHandledForceAt: z.string().optional(),
  lastHandledResetAt: z.string().optional(),
  lastReleaseRevision: z.int().optional(),
  inventory: resourceInventory.optional(),
});
export type HelmReleaseStatus = z.infer<typeof helmReleaseStatus>;
