import type { KubeConfig } from '@kubernetes/client-node';
import { installFluxCrds } from '../crds/flux-crds.js';
import { ResourceManager } from '../k8s/index.js';
import type { Logger } from '../logging/logger.js';
import { ControllerRuntime } from './controller-runtime.js';
import { registerFluxReconcilers } from './flux-reconcilers.js';
import { GitArtifactStorage } from './kinds/git-repository/git-artifact-storage.js';

export interface InClusterFluxOptions {
  kubeConfig: KubeConfig;
  /** The GitRepository artifacts live here. */
  cacheDir: string;
  logger: Logger;
  concurrency?: number;
}

export interface InClusterFlux {
  controllers: ControllerRuntime;
  stop(): Promise<void>;
}

/**
 * The agent's Flux API without a hub: its CRDs installed and the GitRepository and Kustomization objects of
 * the cluster reconciled, as a connected agent reconciles the ones it finds in its cluster. For running the
 * agent beside Flux's own controllers on the same inputs.
 */
export async function startInClusterFlux(opts: InClusterFluxOptions): Promise<InClusterFlux> {
  const resources = await ResourceManager.fromKubeConfig(opts.kubeConfig);
  try {
    await installFluxCrds(resources.client);
    const controllers = new ControllerRuntime({ client: resources.client, logger: opts.logger, ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) });
    registerFluxReconcilers(controllers, { resources, gitArtifacts: GitArtifactStorage.inCacheDir(opts.cacheDir), ociArtifacts: GitArtifactStorage.inCacheDir(opts.cacheDir, 'OCIRepository'), bucketArtifacts: GitArtifactStorage.inCacheDir(opts.cacheDir, 'Bucket') });
    controllers.start();
    await controllers.synced();
    return {
      controllers,
      async stop() {
        await controllers.stop();
        resources.close();
      },
    };
  } catch (err) {
    resources.close();
    throw err;
  }
}
