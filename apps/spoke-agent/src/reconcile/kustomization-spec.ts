import type { kustomizationSpec } from '@flotilla/protocol/flux';
import type { z } from 'zod';

// The pipeline's view of Flux's Kustomization spec: the one definition in @flotilla/protocol (Flux's field
// names and shapes), with the Go durations turned into milliseconds and the sourceRef resolved beside it.

type FluxSpec = z.input<typeof kustomizationSpec>;

export interface KustomizationRef {
  name: string;
  namespace: string;
}

export type KustomizationSpec = Omit<FluxSpec, 'sourceRef' | 'interval' | 'retryInterval' | 'timeout'> & {
  intervalMs: number;
  retryIntervalMs?: number;
  /**
   * Bounds build, apply, health checks and WaitForTermination. This is the effective timeout, already worked out
   * by Flux's rule (`kustomizationTimeoutMs`) where a Kustomization object becomes this spec
   * (toKustomizationSpec); the pipeline uses it as given. When absent, the pipeline applies the rule itself.
   */
  timeoutMs?: number;
};

export type DependencyRef = NonNullable<FluxSpec['dependsOn']>[number];

const TIMEOUT_FLOOR_MS = 30_000;

/**
 * Flux's timeout for a Kustomization (kustomize-controller's `Kustomization.GetTimeout`): `spec.timeout` when
 * set, else the interval less 30s, and never less than 30s, so a short interval or timeout still leaves health
 * checks and WaitForTermination the time Flux would give them.
 */
export function kustomizationTimeoutMs(intervalMs: number, timeoutMs?: number): number {
  return Math.max(timeoutMs ?? intervalMs - TIMEOUT_FLOOR_MS, TIMEOUT_FLOOR_MS);
}

export const timeoutOf = (spec: KustomizationSpec): number => spec.timeoutMs ?? kustomizationTimeoutMs(spec.intervalMs);
export const retryIntervalOf = (spec: KustomizationSpec): number => spec.retryIntervalMs ?? spec.intervalMs;
