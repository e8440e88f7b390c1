import type { KustomizationReason } from './status/conditions.js';

export type PhaseResult = { ok: true } | { ok: false; message: string };

/** One step of the inner pipeline (STYLE.md 20): its Flux failure reason and the progress message it shows. */
export interface Phase<C> {
  name: string;
  /** Ready=False reason when the phase fails. */
  reason: KustomizationReason;
  progress: (ctx: C) => string;
  run: (ctx: C) => Promise<PhaseResult>;
}

export type PhasesOutcome = { ok: true } | { ok: false; phase: string; reason: KustomizationReason; message: string };

/**
 * Runs phases in order: reports each phase's progress before it starts, and on the first failure stops and
 * hands back that phase's reason, so one place sets Ready=False instead of a copied failure block per phase.
 * A phase that throws fails with its reason too: an unexpected error still becomes a status, not a crash.
 */
export async function runPhases<C>(ctx: C, phases: readonly Phase<C>[], onProgress: (message: string, phase: string) => Promise<void> | void): Promise<PhasesOutcome> {
  for (const phase of phases) {
    await onProgress(phase.progress(ctx), phase.name);
    let result: PhaseResult;
    try {
      result = await phase.run(ctx);
    } catch (err) {
      result = { ok: false, message: `${phase.name} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (!result.ok) return { ok: false, phase: phase.name, reason: phase.reason, message: result.message };
  }
  return { ok: true };
}
