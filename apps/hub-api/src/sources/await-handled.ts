import { durationMs, parseGoDuration } from '@flotilla/reconcile-core';

/** What a source row says about its last handled reconcile request. */
export interface HandledState {
  /** `status.lastHandledReconcileAt`, as the reconciler wrote it. */
  lastHandledReconcileAt: string | undefined;
  /** A replica holds the row's claim: a reconcile is under way. */
  claimed: boolean;
}

/**
 * Waits until the reconcile asked for at `requestedAt` (or a later one) was handled and no reconcile is under
 * way, bounded by the source's `timeout` plus a margin (60 s when it does not parse). False when that time
 * ran out or the row is gone (`read` answers null). What `--with-source` waits for before it asks the
 * Kustomization, as flux waits for the source.
 */
export async function awaitReconcileHandled(read: () => Promise<HandledState | null>, requestedAt: Date, timeout: string): Promise<boolean> {
  const parsed = parseGoDuration(timeout);
  const deadline = Date.now() + (parsed.ok ? durationMs(parsed.value) : 60_000) + 15_000;
  while (Date.now() < deadline) {
    const state = await read();
    if (!state) return false;
    const handled = state.lastHandledReconcileAt ? Date.parse(state.lastHandledReconcileAt) : NaN;
    if (handled >= requestedAt.getTime() && !state.claimed) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
