import * as z from 'zod';
import { fluxDuration, localObjectReference, reconcileStatusFields, withCelRules } from './meta.schema.js';

/**
 * image.toolkit.fluxcd.io/v1: ImageRepository (image-reflector-controller) and ImagePolicy. Fields, defaults
 * and validation as Flux's CRDs have them.
 */

// ImageRepository -------------------------------------------------------------------------------------

/** Flux's default `exclusionList`: cosign signature tags. */
export const DEFAULT_IMAGE_EXCLUSION_LIST = ['^.*\\.sig$'] as const;

export const imageRepositorySpec = z.object({
  /** The image without tag or scheme, e.g. `ghcr.io/stefanprodan/podinfo`. */
  image: z.string().min(1),
  interval: fluxDuration,
  /** Default: the interval. */
  timeout: fluxDuration.optional(),
  secretRef: localObjectReference.optional(),
  serviceAccountName: z.string().max(253).optional(),
  certSecretRef: localObjectReference.optional(),
  proxySecretRef: localObjectReference.optional(),
  insecure: z.boolean().optional(),
  exclusionList: z.array(z.string()).max(25).default([...DEFAULT_IMAGE_EXCLUSION_LIST]),
  provider: z.enum(['generic', 'aws', 'azure', 'gcp']).default('generic'),
  suspend: z.boolean().optional(),
});
export type ImageRepositorySpec = z.infer<typeof imageRepositorySpec>;

export const imageScanResult = z.object({
  /** A hash of the tag list, so a consumer sees at a glance whether the tags changed. */
  revision: z.string().optional(),
  tagCount: z.number().int(),
  scanTime: z.string().optional(),
  /** Up to 10 tags, newest first in Flux's order (reverse alphabetical). */
  latestTags: z.array(z.string()).optional(),
});

export const imageRepositoryStatus = z.object({
  ...reconcileStatusFields,
  canonicalImageName: z.string().optional(),
  lastScanResult: imageScanResult.optional(),
  observedExclusionList: z.array(z.string()).optional(),
});

// ImagePolicy -----------------------------------------------------------------------------------------

const order = z.enum(['asc', 'desc']).default('asc');

export const imagePolicyChoice = withCelRules(
  z.object({
    semver: z.object({ range: z.string() }).optional(),
    alphabetical: z.object({ order }).optional(),
    numerical: z.object({ order }).optional(),
  }),
  [
    {
      rule: '[has(self.semver), has(self.alphabetical), has(self.numerical)].filter(x, x).size() == 1',
      message: 'set exactly one of semver, alphabetical and numerical',
      check: (v) => [v.semver, v.alphabetical, v.numerical].filter((x) => x !== undefined).length === 1,
    },
  ],
);

export const imagePolicySpec = withCelRules(
  z.object({
    imageRepositoryRef: z.object({ name: z.string(), namespace: z.string().optional() }),
    policy: imagePolicyChoice,
    filterTags: z.object({ pattern: z.string().optional(), extract: z.string().optional() }).optional(),
    digestReflectionPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).default('Never'),
    interval: fluxDuration.optional(),
    suspend: z.boolean().optional(),
  }),
  [
    {
      rule: "self.digestReflectionPolicy != 'Always' || has(self.interval)",
      message: 'spec.interval must be set when spec.digestReflectionPolicy is set to \'Always\'',
      check: (v) => v.digestReflectionPolicy !== 'Always' || v.interval !== undefined,
    },
    {
      rule: "self.digestReflectionPolicy == 'Always' || !has(self.interval)",
      message: 'spec.interval is only accepted when spec.digestReflectionPolicy is set to \'Always\'',
      check: (v) => v.digestReflectionPolicy === 'Always' || v.interval === undefined,
    },
  ],
);
export type ImagePolicySpecInput = z.input<typeof imagePolicySpec>;
export type ImagePolicyFluxSpec = z.infer<typeof imagePolicySpec>;

export const imageRef = z.object({ name: z.string(), tag: z.string(), digest: z.string().optional() });
export type ImageRef = z.infer<typeof imageRef>;

export const imagePolicyStatus = z.object({
  ...reconcileStatusFields,
  latestRef: imageRef.optional(),
  observedPreviousRef: imageRef.optional(),
});

// ImageUpdateAutomation (image-automation-controller) ----------------------------------------------------

export const imageUpdateAutomationSpec = z.object({
  sourceRef: z.object({ kind: z.literal('GitRepository').default('GitRepository'), name: z.string(), namespace: z.string().optional() }),
  git: z.object({
    checkout: z.object({ ref: z.object({ branch: z.string().min(1) }) }).optional(),
    commit: z.object({
      author: z.object({ name: z.string().optional(), email: z.string().min(1) }),
      messageTemplate: z.string().optional(),
      messageTemplateValues: z.record(z.string(), z.string()).optional(),
    }),
    push: z.object({ branch: z.string().min(1).optional() }).optional(),
  }),
  interval: fluxDuration,
  update: z.object({ strategy: z.literal('Setters').default('Setters'), path: z.string().default('./') }).default({ strategy: 'Setters', path: './' }),
  suspend: z.boolean().optional(),
});
export type ImageUpdateAutomationSpec = z.infer<typeof imageUpdateAutomationSpec>;

/** Flotilla's own fields of an automation, besides Flux's spec: how its commit reaches the branch. */
export const imageAutomationDelivery = z.object({
  /** `proposal`: an UpdateProposal to approve; `push`: Flux's behaviour, straight to the branch. */
  mode: z.enum(['proposal', 'push']).default('proposal'),
  requiredApprovals: z.number().int().min(1).max(10).default(1),
  mergeStrategy: z.enum(['fast-forward', 'merge-commit']).default('fast-forward'),
  /** Merge an open proposal after this delay with no rejection and no change to its diff; unset: never. */
  autoMergeAfter: fluxDuration.optional(),
  /** Whether auto-merge also waits for the required approvals. */
  autoMergeRequiresApproval: z.boolean().default(true),
});
export type ImageAutomationDelivery = z.infer<typeof imageAutomationDelivery>;
