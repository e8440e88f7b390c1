export { startCluster, type TestCluster, type StartClusterOptions } from './kube/cluster.js';
export { makeClusterPki, type ClusterPki } from './kube/pki.js';
export { startPostgres, startPostgresServer, type TestPostgres, type CreateDatabaseOptions } from './postgres/server.js';
export { binaryPath, ensureBinaries, helmRenderPath, toolVersions, type BinaryName } from './binaries.js';
export { TestenvError } from './process/errors.js';
export { waitFor, type WaitOptions } from './process/wait.js';
export { freePort } from './process/ports.js';
export { makeTempDir, makeTempTree, removeDir } from './process/temp-dir.js';
export { percentile } from './stats/percentile.js';
export { ManagedProcess, type StartProcessOptions } from './process/managed-process.js';
export { artifactsDir, repoRoot } from './paths.js';
export { startGitServer, type TestGitServer, type StartGitServerOptions } from './git/server.js';
export { startGitSshServer, type TestGitSshServer, type SshKeyPair } from './git/ssh-server.js';
export { startSshAgent, type TestSshAgent } from './git/ssh-agent.js';
export type { GitAuthMode, GitCredentials } from './git/auth.js';
export type { PushFilesOptions, FileChanges } from './git/push-files.js';
export { startRegistry, type TestRegistry, type StartRegistryOptions } from './oci/registry.js';
export { makeServingCertificate, type ServingCertificate } from './oci/serving-certificate.js';
export { pushArtifact, pullArtifact, OciClientError, type PushArtifactInput, type PullArtifactInput, type PulledArtifact, type PulledBlob, type BlobInput, type RegistryAuth } from '@flotilla/oci-client';
export { fluxConfigMediaType, fluxContentMediaType, ociManifestMediaType, ociIndexMediaType, dockerManifestMediaType, dockerManifestListMediaType, type OciDescriptor, type OciManifest } from '@flotilla/oci-client';
export { launchBrowser, type TestBrowser, type LaunchBrowserOptions } from './browser/browser.js';
export { runHelm, type RunHelmOptions, type HelmOutput } from './helm.js';
export { startHelmRepository, type TestHelmRepository, type StartHelmRepositoryOptions, type PublishedChart } from './helm-repo/server.js';
export { generateCosignKeyPair, cosignSign, type CosignKeyPair } from './oci/cosign.js';
export {
  fluxBin,
  runFlux,
  upstreamFluxCrds,
  fluxApiModuleCrds,
  FLUX_CONTROLLERS,
  FLUX_API_ONLY_CONTROLLERS,
  type RunFluxOptions,
  type FluxOutput,
  type UpstreamFluxCrds,
  type FluxController,
  type FluxApiOnlyController,
} from './flux.js';
export { startHttpRecorder, redirectTo, proxyTo, type HttpRecorder, type RecorderHandler } from './http/recorder.js';
export { startOidcProvider, type TestOidcProvider, type StartOidcProviderOptions, type OidcAccount } from './oidc/provider.js';
export { startToxiproxy, type TestToxiproxy } from './toxiproxy/server.js';
export { startS3Server, type S3ServerOptions, type TestS3 } from './s3/versitygw.js';
export { haproxyConfig, startHaproxy, type HaproxyBackend, type TestHaproxy } from './haproxy/haproxy.js';
export { ToxiproxyApi, ToxiproxyProxy } from './toxiproxy/client.js';
export type { Toxic, ToxicOptions, ToxicSpec, ToxicStream, ToxicType } from './toxiproxy/toxics.js';
export { startFlux, type StartFluxOptions, type TestFlux } from './flux-controllers.js';
