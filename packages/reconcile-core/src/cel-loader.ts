import type * as CelModule from './cel/index.js';

// The CEL runtime is loaded by the first Kustomization that has an expression (healthCheckExprs, a dependsOn
// readyExpr), not at start: about 9 MiB of memory that an agent or a hub whose Kustomizations have none never
// spends. The checks that parse expressions are synchronous (the agent's spec refusals, dependency gate and
// health phase; the hub's spec validation), so each entry point that may reach them awaits `loadCelFor(spec)`
// first and they then read `loadedCel()`.

type Cel = typeof CelModule;

let cel: Cel | undefined;
let loading: Promise<Cel> | undefined;

/** Loads the CEL runtime (once). */
export async function loadCel(): Promise<Cel> {
  cel ??= await (loading ??= import('./cel/index.js'));
  return cel;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a raw Kustomization spec holds a CEL expression. */
export function usesCel(spec: unknown): boolean {
  if (!isRecord(spec)) return false;
  if (Array.isArray(spec.healthCheckExprs) && spec.healthCheckExprs.length > 0) return true;
  return Array.isArray(spec.dependsOn) && spec.dependsOn.some((d) => isRecord(d) && d.readyExpr !== undefined && d.readyExpr !== '');
}

/** Loads the CEL runtime when `spec` needs it; then the synchronous checks of that spec can run. */
export async function loadCelFor(spec: unknown): Promise<void> {
  if (usesCel(spec)) await loadCel();
}

/** The CEL runtime, which `loadCelFor` must have loaded for the spec at hand. */
export function loadedCel(): Cel {
  if (!cel) throw new Error('a CEL expression was reached before the CEL runtime was loaded (loadCelFor)');
  return cel;
}
