export const ociManifestMediaType = 'application/vnd.oci.image.manifest.v1+json';
export const ociIndexMediaType = 'application/vnd.oci.image.index.v1+json';
export const dockerManifestMediaType = 'application/vnd.docker.distribution.manifest.v2+json';
export const dockerManifestListMediaType = 'application/vnd.docker.distribution.manifest.list.v2+json';

// What `flux push artifact` writes.
export const fluxConfigMediaType = 'application/vnd.cncf.flux.config.v1+json';
export const fluxContentMediaType = 'application/vnd.cncf.flux.content.v1.tar+gzip';

export interface OciDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface OciManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: OciDescriptor;
  layers: OciDescriptor[];
  annotations?: Record<string, string>;
}
