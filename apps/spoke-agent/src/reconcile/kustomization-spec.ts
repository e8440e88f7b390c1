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
  /** Bounds build, apply, health checks and WaitForTermination (default: interval). */
  timeoutMs?: number;
};

export type DependencyRef = NonNullable<FluxSpec['dependsOn']>[number];

export const timeoutOf = (spec: KustomizationSpec): number => spec.timeoutMs ?? spec.intervalMs;
export const retryIntervalOf = (spec: KustomizationSpec): number => spec.retryIntervalMs ?? spec.intervalMs;
