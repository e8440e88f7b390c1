import type { FleetSize } from './seed.js';

/**
 * The seeded fleet's size, from the environment: BENCH_CLUSTERS clusters (default 10,000), BENCH_OBJECTS_PER_CLUSTER
 * Flux objects each (default 20 → 200,000), BENCH_INVENTORY_PER_KS entries per Kustomization (default 25 → 2,000,000)
 * and BENCH_EVENTS events. Smaller values make a quick run on a loaded machine.
 */
export function fleetSizeFromEnv(): FleetSize {
  const n = (name: string, fallback: number): number => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
    return value;
  };
  return {
    clusters: n('BENCH_CLUSTERS', 10_000),
    objectsPerCluster: n('BENCH_OBJECTS_PER_CLUSTER', 20),
    inventoryPerKustomization: n('BENCH_INVENTORY_PER_KS', 25),
    events: n('BENCH_EVENTS', 200_000),
  };
}
