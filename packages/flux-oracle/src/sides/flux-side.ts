import { startCluster, startFlux } from '@flotilla/testenv';
import { clientsOf, type Side } from './side.js';

/** A cluster reconciled by Flux's own source-controller and kustomize-controller. */
export async function startFluxSide(): Promise<Side> {
  const cluster = await startCluster({ name: 'oracle-flux', nodes: 1 });
  try {
    // Flux re-checks a dependency every --requeue-dependency; short, so dependsOn scenarios settle quickly.
    const flux = await startFlux(cluster, { requeueDependency: '2s' });
    return {
      name: 'flux',
      kubeConfig: cluster.kubeConfig,
      ...clientsOf(cluster.kubeConfig),
      logs: () => ({ ...cluster.logs(), ...flux.logs() }),
      async stop() {
        await flux.stop();
        await cluster.stop();
      },
    };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
