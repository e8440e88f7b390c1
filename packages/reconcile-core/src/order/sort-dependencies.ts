import { coreError, fail, ok, type CoreError, type CoreWarning, type Result } from '../errors.js';

/** A Kustomization or HelmRelease as far as ordering cares: who it is and what it `dependsOn`. */
export interface Dependent {
  kind: 'Kustomization' | 'HelmRelease';
  namespace: string;
  name: string;
  /** `spec.dependsOn`; a missing namespace means the dependent's own, as in Flux. */
  dependsOn?: readonly { name: string; namespace?: string }[];
}

export interface DependencyOrder {
  /** Every dependent, dependencies first; ties keep the input order. Ids look like `Kustomization/ns/name`. */
  order: string[];
  /** The same ids in waves: everything in a wave depends only on earlier waves, so a wave may run in parallel. */
  waves: string[][];
}

const idOf = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/**
 * Topological order of Kustomizations and HelmReleases by `dependsOn`. Dependencies only link objects of the
 * same kind (Flux refuses cross-kind dependsOn). A dependency outside the set is a warning — Flux waits for
 * it (DependencyNotReady) rather than failing — and every cycle is an error naming it, where Flux would
 * silently never apply its members.
 */
export function sortDependencies(dependents: readonly Dependent[]): Result<DependencyOrder> {
  const errors: CoreError[] = [];
  const warnings: CoreWarning[] = [];
  const ids: string[] = [];
  const edges = new Map<string, string[]>(); // id → ids it depends on (inside the set)
  for (const d of dependents) {
    const id = idOf(d.kind, d.namespace, d.name);
    if (edges.has(id)) {
      errors.push(coreError('DEPENDENCY_DUPLICATE', `${id} is listed more than once`, id));
      continue;
    }
    ids.push(id);
    edges.set(id, []);
  }
  for (const d of dependents) {
    const id = idOf(d.kind, d.namespace, d.name);
    const deps = edges.get(id);
    if (!deps) continue;
    for (const ref of d.dependsOn ?? []) {
      const target = idOf(d.kind, ref.namespace || d.namespace, ref.name);
      if (!edges.has(target)) {
        warnings.push({
          code: 'DEPENDENCY_NOT_FOUND',
          message: `${id} depends on ${target}, which is not in the set; it will wait for it`,
          path: id,
        });
        continue;
      }
      if (!deps.includes(target)) deps.push(target);
    }
  }
  for (const cycle of findCycles(ids, edges)) {
    errors.push(
      coreError('DEPENDENCY_CYCLE', `circular dependency detected: ${cycle.join(' -> ')}`, cycle[0]),
    );
  }
  if (errors.length > 0) return fail(errors, warnings);

  // Kahn's algorithm: an object's wave is one past the latest wave of its dependencies; within a wave, input order.
  const dependentsOf = new Map<string, string[]>(ids.map((id) => [id, []]));
  const pending = new Map<string, number>();
  for (const id of ids) {
    const deps = edges.get(id) ?? [];
    pending.set(id, deps.length);
    for (const dep of deps) dependentsOf.get(dep)?.push(id);
  }
  const waveOf = new Map<string, number>();
  const queue = ids.filter((id) => pending.get(id) === 0);
  for (const id of queue) waveOf.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    for (const dependent of dependentsOf.get(id) ?? []) {
      waveOf.set(dependent, Math.max(waveOf.get(dependent) ?? 0, (waveOf.get(id) as number) + 1));
      const left = (pending.get(dependent) as number) - 1;
      pending.set(dependent, left);
      if (left === 0) queue.push(dependent);
    }
  }
  const waves: string[][] = [];
  for (const id of ids) (waves[waveOf.get(id) as number] ??= []).push(id);
  return ok({ order: waves.flat(), waves }, warnings);
}

/** Each strongly connected component with a cycle, as a closed path `a -> b -> a` starting at its first id. */
function findCycles(ids: string[], edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  // Tarjan's algorithm, iterative so a long dependency chain cannot overflow the call stack.
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const deps = edges.get(frame.id) ?? [];
      if (frame.next < deps.length) {
        const dep = deps[frame.next++] as string;
        if (!index.has(dep)) {
          index.set(dep, counter);
          low.set(dep, counter++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ id: dep, next: 0 });
        } else if (onStack.has(dep))
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(dep) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = component.length === 1 && (edges.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  const position = new Map(ids.map((id, i) => [id, i]));
  return components
    .map((component) => cyclePath(component, edges, position))
    .sort((a, b) => (position.get(a[0] as string) as number) - (position.get(b[0] as string) as number));
}

// A concrete cycle through a component: start at its earliest member and follow dependencies that stay inside
// the component until the start comes round again (breadth-first, so the path is a shortest one).
function cyclePath(
  component: string[],
  edges: Map<string, string[]>,
  position: Map<string, number>,
): string[] {
  const members = new Set(component);
  const start = [...component].sort(
    (a, b) => (position.get(a) as number) - (position.get(b) as number),
  )[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const dep of edges.get(id) ?? []) {
      if (!members.has(dep)) continue;
      if (dep === start) {
        const path = [start];
        for (let at: string | undefined = id; at !== undefined && at !== start; at = previous.get(at))
          path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(dep)) {
        previous.set(dep, id);
        queue.push(dep);
      }
    }
  }
  return [start, start];
}
