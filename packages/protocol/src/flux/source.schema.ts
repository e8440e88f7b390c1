import { HELM_CHART_SOURCE_KINDS } from '@flotilla/reconcile-core';
import * as z from 'zod';
import {
  artifact,
  fluxDuration,
  fluxTimeout,
  localObjectReference,
  ociMatchOidcIdentity,
  reconcileStatusFields,
  stringMap,
  withCelRules,
} from './meta.schema.js';

/** source.toolkit.fluxcd.io: where manifests and charts come from. */

const sourceStatusFields = { ...reconcileStatusFields, artifact: artifact.optional() };
/** Where the latest artifact is served; GitRepository leaves it to `artifact.url`. */
const sourceUrl = { url: z.string().optional() };

// GitRepository ---------------------------------------------------------------------------------------

export const gitRepositoryRef = z.object({
  branch: z.string().optional(),
  tag: z.string().optional(),
  semver: z.string().optional(),
  name: z.string().optional(),
  commit: z.string().optional(),
});

const gitRepositoryInclude = z.object({
  repository: localObjectReference,
  fromPath: z.string().optional(),
  toPath: z.string().optional(),
});

export const gitRepositorySpec = withCelRules(
  z.object({
    url: z.string().regex(/^(http|https|ssh):\/\/.*$/),
    secretRef: localObjectReference.optional(),
    provider: z.enum(['generic', 'aws', 'azure', 'github']).optional(),
    serviceAccountName: z.string().optional(),
    interval: fluxDuration,
    timeout: fluxTimeout.default('60s'),
    ref: gitRepositoryRef.optional(),
    verify: z
      .object({
        mode: z.enum(['head', 'HEAD', 'Tag', 'TagAndHEAD']).default('HEAD'),
        secretRef: localObjectReference,
      })
      .optional(),
    proxySecretRef: localObjectReference.optional(),
    ignore: z.string().optional(),
    suspend: z.boolean().optional(),
    recurseSubmodules: z.boolean().optional(),
    include: z.array(gitRepositoryInclude).optional(),
    sparseCheckout: z.array(z.string()).optional(),
  }),
  [
    {
      // Workload identity through a service account exists only for the clouds that issue such tokens.
      rule: "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))",
      message: 'serviceAccountName needs provider azure or aws (workload identity)',
      check: (s) => s.serviceAccountName === undefined || s.provider === 'azure' || s.provider === 'aws',
    },
  ],
);
export type GitRepositorySpec = z.infer<typeof gitRepositorySpec>;

export const gitRepositoryStatus = z.object({
  ...sourceStatusFields,
  includedArtifacts: z.array(artifact).optional(),
  observedIgnore: z.string().optional(),
  observedRecurseSubmodules: z.boolean().optional(),
  observedInclude: z.array(gitRepositoryInclude).optional(),
  observedSparseCheckout: z.array(z.string()).optional(),
  sourceVerificationMode: z.string().optional(),
});
export type GitRepositoryStatus = z.infer<typeof gitRepositoryStatus>;

/** How OCIRepository and Bucket reach their server: credentials, TLS, proxy, and what to leave out. */
const endpointFields = {
  secretRef: localObjectReference.optional(),
  serviceAccountName: z.string().optional(),
  certSecretRef: localObjectReference.optional(),
  proxySecretRef: localObjectReference.optional(),
  insecure: z.boolean().optional(),
  interval: fluxDuration,
  timeout: fluxTimeout.default('60s'),
  ignore: z.string().optional(),
  suspend: z.boolean().optional(),
};

// OCIRepository ---------------------------------------------------------------------------------------

const ociLayerSelector = z.object({
  mediaType: z.string().optional(),
  operation: z.enum(['extract', 'copy']).optional(),
});

/** Signature verification with cosign or notation, shared by OCIRepository and HelmChart. */
const ociVerification = z.object({
  provider: z.enum(['cosign', 'notation']).default('cosign'),
  secretRef: localObjectReference.optional(),
  matchOIDCIdentity: z.array(ociMatchOidcIdentity).optional(),
});

export const ociRepositorySpec = z.object({
  url: z.string().regex(/^oci:\/\/.*$/),
  ref: z
    .object({
      digest: z.string().optional(),
      semver: z.string().optional(),
      semverFilter: z.string().optional(),
      tag: z.string().optional(),
    })
    .optional(),
  layerSelector: ociLayerSelector.optional(),
  provider: z.enum(['generic', 'aws', 'azure', 'gcp']).default('generic'),
  verify: ociVerification.extend({ trustedRootSecretRef: localObjectReference.optional() }).optional(),
  ...endpointFields,
});
export type OciRepositorySpec = z.infer<typeof ociRepositorySpec>;

export const ociRepositoryStatus = z.object({
  ...sourceStatusFields,
  ...sourceUrl,
  observedIgnore: z.string().optional(),
  observedLayerSelector: ociLayerSelector.optional(),
});

// HelmRepository --------------------------------------------------------------------------------------

export const helmRepositorySpec = z.object({
  url: z.string().regex(/^(http|https|oci):\/\/.*$/),
  secretRef: localObjectReference.optional(),
  certSecretRef: localObjectReference.optional(),
  passCredentials: z.boolean().optional(),
  insecure: z.boolean().optional(),
  interval: fluxDuration.optional(),
  timeout: fluxTimeout.optional(),
  suspend: z.boolean().optional(),
  accessFrom: z
    .object({ namespaceSelectors: z.array(z.object({ matchLabels: stringMap.optional() })) })
    .optional(),
  type: z.enum(['default', 'oci']).optional(),
  provider: z.enum(['generic', 'aws', 'azure', 'gcp']).default('generic'),
});
export type HelmRepositorySpec = z.infer<typeof helmRepositorySpec>;

export const helmRepositoryStatus = z.object({ ...sourceStatusFields, ...sourceUrl });

// HelmChart -------------------------------------------------------------------------------------------

export const helmChartSpec = withCelRules(
  z.object({
    chart: z.string(),
    version: z.string().default('*'),
    sourceRef: z.object({
      apiVersion: z.string().optional(),
      kind: z.enum(HELM_CHART_SOURCE_KINDS),
      name: z.string(),
    }),
    interval: fluxDuration,
    reconcileStrategy: z.enum(['ChartVersion', 'Revision']).default('ChartVersion'),
    valuesFiles: z.array(z.string()).optional(),
    ignoreMissingValuesFiles: z.boolean().optional(),
    suspend: z.boolean().optional(),
    verify: ociVerification.optional(),
  }),
  [
    {
      // Signatures exist only on charts pulled from an OCI Helm repository.
      rule: "!has(self.verify) || self.sourceRef.kind == 'HelmRepository'",
      message: 'verify needs a chart from a HelmRepository (sourceRef.kind HelmRepository)',
      check: (s) => s.verify === undefined || s.sourceRef.kind === 'HelmRepository',
    },
  ],
);
export type HelmChartSpec = z.infer<typeof helmChartSpec>;

export const helmChartStatus = z.object({
  ...sourceStatusFields,
  ...sourceUrl,
  observedSourceArtifactRevision: z.string().optional(),
  observedChartName: z.string().optional(),
  observedValuesFiles: z.array(z.string()).optional(),
});

// Bucket ----------------------------------------------------------------------------------------------

const bucketSts = z.object({
  provider: z.enum(['aws', 'ldap']),
  endpoint: z.string().regex(/^(http|https):\/\/.*$/),
  secretRef: localObjectReference.optional(),
  certSecretRef: localObjectReference.optional(),
});

type BucketSpecShape = {
  provider: string;
  sts?: { provider: string; secretRef?: unknown; certSecretRef?: unknown } | undefined;
  secretRef?: unknown;
  serviceAccountName?: string | undefined;
};
const has = (v: unknown) => v !== undefined;

export const bucketSpec = withCelRules(
  z.object({
    provider: z.enum(['generic', 'aws', 'gcp', 'azure']).default('generic'),
    bucketName: z.string(),
    endpoint: z.string(),
    sts: bucketSts.optional(),
    region: z.string().optional(),
    prefix: z.string().optional(),
    ...endpointFields,
  }),
  (
    [
      // STS is how the generic (LDAP) and AWS providers trade credentials; each accepts only its own kind.
      [
        "self.provider == 'aws' || self.provider == 'generic' || !has(self.sts)",
        'sts works with the aws and generic providers only',
        (s) => s.provider === 'aws' || s.provider === 'generic' || !has(s.sts),
      ],
      [
        "self.provider != 'aws' || !has(self.sts) || self.sts.provider == 'aws'",
        'provider aws takes sts.provider aws',
        (s) => s.provider !== 'aws' || !has(s.sts) || s.sts?.provider === 'aws',
      ],
      [
        "self.provider != 'generic' || !has(self.sts) || self.sts.provider == 'ldap'",
        'provider generic takes sts.provider ldap',
        (s) => s.provider !== 'generic' || !has(s.sts) || s.sts?.provider === 'ldap',
      ],
      [
        "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.secretRef)",
        'sts.provider aws takes no sts.secretRef',
        (s) => !has(s.sts) || s.sts?.provider !== 'aws' || !has(s.sts.secretRef),
      ],
      [
        "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.certSecretRef)",
        'sts.provider aws takes no sts.certSecretRef',
        (s) => !has(s.sts) || s.sts?.provider !== 'aws' || !has(s.sts.certSecretRef),
      ],
      [
        "self.provider != 'generic' || !has(self.serviceAccountName)",
        'provider generic takes no serviceAccountName',
        (s) => s.provider !== 'generic' || !has(s.serviceAccountName),
      ],
      [
        '!has(self.secretRef) || !has(self.serviceAccountName)',
        'secretRef and serviceAccountName exclude each other',
        (s) => !has(s.secretRef) || !has(s.serviceAccountName),
      ],
    ] as [string, string, (s: BucketSpecShape) => boolean][]
  ).map(([rule, message, check]) => ({ rule, message, check })),
);
export type BucketSpec = z.infer<typeof bucketSpec>;

export const bucketStatus = z.object({
  ...sourceStatusFields,
  ...sourceUrl,
  observedIgnore: z.string().optional(),
});

// ExternalArtifact ------------------------------------------------------------------------------------

/**
 * An artifact produced outside source-controller: the object names who produced it, and its status carries
 * the artifact, so Kustomizations and HelmReleases can refer to it like to any other source.
 */
export const externalArtifactSpec = z.object({
  sourceRef: z
    .object({
      apiVersion: z.string().optional(),
      kind: z.string(),
      name: z.string(),
      namespace: z.string().optional(),
    })
    .optional(),
});
export type ExternalArtifactSpec = z.infer<typeof externalArtifactSpec>;

export const externalArtifactStatus = z.object({
  artifact: artifact.optional(),
  conditions: reconcileStatusFields.conditions,
});
