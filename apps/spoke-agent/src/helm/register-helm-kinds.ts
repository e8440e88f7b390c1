import path from 'node:path';
import type { ControllerRuntime } from '../controller/controller-runtime.js';
import type { ArtifactOpener } from '../controller/kind-reconciler.js';
import { createHelmChartReconciler } from '../controller/kinds/helm-chart/helm-chart-reconciler.js';
import { createHelmReleaseReconciler } from '../controller/kinds/helm-release/helm-release-reconciler.js';
import { createHelmRepositoryReconciler } from '../controller/kinds/helm-repository/helm-repository-reconciler.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { HelmArtifactStorage } from './helm-artifact-storage.js';
import { HelmCli } from './helm-cli.js';
import { PostRenderServer } from './post-render-server.js';

export interface HelmKindsOptions {
  kube: KubeClient;
  /** The kubeconfig file helm runs with (see writeHelmKubeconfig). */
  kubeconfig: string;
  /** The agent's cache directory: artifacts under `sources/`, helm's homes and scratch files under `helm/`. */
  cacheDir: string;
  /** Default `helm` on PATH. */
  helmBinary?: string;
  /** Opens GitRepository artifacts, for HelmCharts whose source is one. */
  gitOpener?: ArtifactOpener;
  /** Opens Bucket artifacts, for HelmCharts whose source is one. */
  bucketOpener?: ArtifactOpener;
  /** Open OCIRepository and ExternalArtifact artifacts, for HelmReleases whose chartRef names one. */
  ociOpener?: ArtifactOpener;
  externalOpener?: ArtifactOpener;
}

/** HelmRepository, HelmChart and HelmRelease, sharing one artifact storage and one helm. */
export function registerHelmKinds(runtime: ControllerRuntime, o: HelmKindsOptions): void {
  const helmDir = path.join(o.cacheDir, 'helm');
  const helm = new HelmCli({ ...(o.helmBinary ? { binary: o.helmBinary } : {}), homeDir: path.join(helmDir, 'home'), kubeconfig: o.kubeconfig });
  const storage = HelmArtifactStorage.inCacheDir(o.cacheDir);
  const workDir = path.join(helmDir, 'work');
  runtime.register(createHelmRepositoryReconciler({ kube: o.kube, storage }));
  runtime.register(createHelmChartReconciler({ kube: o.kube, storage, helm, workDir, ...(o.gitOpener ? { gitOpener: o.gitOpener } : {}), ...(o.bucketOpener ? { bucketOpener: o.bucketOpener } : {}) }));
  const openers = { ...(o.ociOpener ? { OCIRepository: o.ociOpener } : {}), ...(o.externalOpener ? { ExternalArtifact: o.externalOpener } : {}) };
  const postRender = new PostRenderServer(path.join(helmDir, 'post-render.sock'), path.join(helmDir, 'home', 'data'));
  runtime.register(createHelmReleaseReconciler({ kube: o.kube, storage, helm, workDir, openers, postRender }));
}
