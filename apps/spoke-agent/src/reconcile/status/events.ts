import type { KustomizationReason } from './conditions.js';

/** A Flux-style event (flux.md §0 events): the hub stores and shows these per cluster. */
export interface ReconcileEvent {
  severity: 'info' | 'error';
  reason: KustomizationReason;
  message: string;
  revision?: string;
}
