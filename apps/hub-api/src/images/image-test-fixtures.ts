import { pushArtifact, type RegistryAuth } from '@flotilla/oci-client';

/**
 * Pushes a small image-like manifest under each tag (blobs once; the registry stores one manifest per tag),
 * returning tag → manifest digest.
 */
export async function pushTags(registry: string, repository: string, tags: readonly string[], auth?: RegistryAuth): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const tag of tags) {
    const { digest } = await pushArtifact({
      registry,
      repository,
      tag,
      auth,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', data: JSON.stringify({ tag }) },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', data: 'layer' }],
    });
    digests.set(tag, digest);
  }
  return digests;
}

/**
 * Points many more tags at the manifest `fromTag` already has (one manifest PUT per tag, 16 at a time): how a
 * test or benchmark fills a repository with thousands of tags quickly.
 */
export async function copyTag(registryUrl: string, repository: string, fromTag: string, tags: readonly string[]): Promise<void> {
  const accept = 'application/vnd.oci.image.manifest.v1+json';
  const res = await fetch(`${registryUrl}/v2/${repository}/manifests/${fromTag}`, { headers: { Accept: accept } });
  if (!res.ok) throw new Error(`GET manifest ${fromTag}: ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tags.length) {
      const tag = tags[next++]!;
      const put = await fetch(`${registryUrl}/v2/${repository}/manifests/${tag}`, { method: 'PUT', body, headers: { 'Content-Type': accept } });
      if (put.status !== 201) throw new Error(`PUT manifest ${tag}: ${put.status}`);
      await put.body?.cancel();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** A Deployment whose image carries a setter marker, as the automation tests and benchmarks use it. */
export const markedDeployment = (image: string, marker = 'flux-system:app'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: default
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${image} # {"$imagepolicy": "${marker}"}
`;
