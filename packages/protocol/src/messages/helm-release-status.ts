import * as z from 'zod';
import { isoTimestamp, sequenceNumber, shortText } from '../limits.js';

// What helm-controller writes in a HelmRelease's status beside its conditions (flux.md §HelmRelease status):
// the release history and the last attempt. Sent in a HelmRelease's status item from protocol v6; a hub that
// predates it strips the field (zod's default), so it travels on any connection.

/** Snapshots one item carries at most: helm-controller keeps 5; a hostile peer gets no more room than this. */
export const MAX_HELM_HISTORY = 20;
const MAX_TEST_HOOKS = 64;
const text = z.string().max(512);

/** A test hook that ran on a release revision, keyed by the hook's name (Flux's `testHooks`). */
export const helmTestHookSchema = z.object({
  lastStarted: isoTimestamp.optional(),
  lastCompleted: isoTimestamp.optional(),
  phase: z.string().max(64).optional(),
});

/** One snapshot of `status.history`, newest first: a Helm release revision as helm stored it. */
export const helmSnapshotSchema = z.object({
  /** Helm's release revision (1, 2, …). */
  version: sequenceNumber,
  /** Helm's release status: deployed, failed, superseded, pending-upgrade, … */
  status: z.string().max(64),
  chartName: text,
  chartVersion: text,
  appVersion: text.optional(),
  /** `sha256:` of the values the revision was made with. */
  configDigest: text,
  /** Digest of the stored release record. */
  digest: text.optional(),
  firstDeployed: isoTimestamp.optional(),
  lastDeployed: isoTimestamp.optional(),
  deleted: isoTimestamp.optional(),
  testHooks: z
    .record(z.string().min(1).max(253), helmTestHookSchema)
    .refine((h) => Object.keys(h).length <= MAX_TEST_HOOKS, `at most ${MAX_TEST_HOOKS} test hooks`)
    .optional(),
});
export type HelmSnapshotWire = z.infer<typeof helmSnapshotSchema>;

/** A HelmRelease's status fields beyond conditions; the counters are absent when zero, as Flux leaves them. */
export const helmReleaseStatusSchema = z.object({
  history: z.array(helmSnapshotSchema).max(MAX_HELM_HISTORY),
  lastAttemptedConfigDigest: text.optional(),
  /** install | upgrade */
  lastAttemptedReleaseAction: shortText.optional(),
  failures: sequenceNumber.optional(),
  installFailures: sequenceNumber.optional(),
  upgradeFailures: sequenceNumber.optional(),
  storageNamespace: z.string().max(63).optional(),
});
export type HelmReleaseStatusWire = z.infer<typeof helmReleaseStatusSchema>;
