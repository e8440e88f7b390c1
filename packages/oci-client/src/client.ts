import { isDigest, sha256Digest, verifyContent } from './digest.js';
import { errorFromResponse, OciClientError } from './errors.js';
import {
  dockerManifestListMediaType,
  dockerManifestMediaType,
  ociIndexMediaType,
  ociManifestMediaType,
  type OciDescriptor,
  type OciManifest,
} from './media-types.js';
import { RegistrySession, type RegistryAuth, type SessionOptions } from './session.js';

export interface BlobInput {
  mediaType: string;
  data: Uint8Array | string;
  annotations?: Record<string, string>;
}

export interface PushArtifactInput {
  // `127.0.0.1:5000` (http for loopback, https otherwise) or a full `http(s)://host` URL.
  registry: string;
  repository: string;
  tag: string;
  config: BlobInput;
  layers: BlobInput[];
  annotations?: Record<string, string>;
  auth?: RegistryAuth;
  options?: SessionOptions;
}

export interface PullArtifactInput {
  registry: string;
  repository: string;
  // A tag or a `sha256:` digest.
  reference: string;
  auth?: RegistryAuth;
  options?: SessionOptions;
}

export interface FetchedManifest {
  /** The digest the manifest's bytes hash to. */
  digest: string;
  manifest: OciManifest;
}

export interface PulledBlob {
  mediaType: string;
  digest: string;
  data: Buffer;
}

export interface PulledArtifact {
  digest: string;
  manifest: OciManifest;
  config: PulledBlob;
  layers: PulledBlob[];
}

const repositoryPattern =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export function checkNames(repository: string, reference: string): void {
  if (!repositoryPattern.test(repository))
    throw new OciClientError(`invalid repository name ${JSON.stringify(repository)}`, 'NAME_INVALID');
  if (!tagPattern.test(reference) && !isDigest(reference))
    throw new OciClientError(`invalid tag or digest ${JSON.stringify(reference)}`, 'TAG_INVALID');
}

function bytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

async function pushBlob(session: RegistrySession, blob: BlobInput): Promise<OciDescriptor> {
  const data = bytes(blob.data);
  const digest = sha256Digest(data);
  const descriptor: OciDescriptor = {
    mediaType: blob.mediaType,
    digest,
    size: data.length,
    ...(blob.annotations ? { annotations: blob.annotations } : {}),
  };
  const head = await session.fetch(session.url(`blobs/${digest}`), { method: 'HEAD' }, `HEAD blob ${digest}`);
  if (head.ok) return descriptor; // already there (layers are content-addressed)
  const start = await session.fetch(
    session.url('blobs/uploads/'),
    { method: 'POST' },
    'starting a blob upload',
  );
  if (start.status !== 202) throw await errorFromResponse(start, 'starting a blob upload');
  await start.body?.cancel();
  const location = start.headers.get('location');
  if (!location)
    throw new OciClientError('blob upload started without a Location', 'UPLOAD_INVALID', start.status);
  const uploadUrl = new URL(location, session.baseUrl);
  uploadUrl.searchParams.set('digest', digest);
  const put = await session.fetch(
    uploadUrl.toString(),
    {
      method: 'PUT',
      body: data,
      headers: { 'Content-Type': 'application/octet-stream' },
    },
    `uploading blob ${digest}`,
  );
  if (put.status !== 201) throw await errorFromResponse(put, `uploading blob ${digest}`);
  await put.body?.cancel();
  return descriptor;
}

// Pushes an OCI artifact the way `flux push artifact` and oras do: blobs first (monolithic upload),
// then the image manifest under the tag. Returns the manifest digest the registry confirmed.
export async function pushArtifact(input: PushArtifactInput): Promise<{ digest: string }> {
  checkNames(input.repository, input.tag);
  const session = new RegistrySession(input.registry, input.repository, input.auth, input.options);
  const config = await pushBlob(session, input.config);
  const layers: OciDescriptor[] = [];
  for (const layer of input.layers) layers.push(await pushBlob(session, layer));
  const manifest: OciManifest = {
    schemaVersion: 2,
    mediaType: ociManifestMediaType,
    config,
    layers,
    ...(input.annotations ? { annotations: input.annotations } : {}),
  };
  const body = Buffer.from(JSON.stringify(manifest));
  const digest = sha256Digest(body);
  const res = await session.fetch(
    session.url(`manifests/${input.tag}`),
    { method: 'PUT', body, headers: { 'Content-Type': ociManifestMediaType } },
    `pushing manifest ${input.repository}:${input.tag}`,
  );
  if (res.status !== 201)
    throw await errorFromResponse(res, `pushing manifest ${input.repository}:${input.tag}`);
  await res.body?.cancel();
  const confirmed = res.headers.get('docker-content-digest');
  if (confirmed && confirmed !== digest) {
    throw new OciClientError(
      `registry stored the manifest as ${confirmed}, expected ${digest}`,
      'DIGEST_MISMATCH',
      res.status,
    );
  }
  return { digest };
}

const manifestAccept = [ociManifestMediaType, dockerManifestMediaType, ociIndexMediaType, dockerManifestListMediaType].join(', ');

/**
 * The digest a tag names now, from a HEAD of its manifest (no body, so registries do not count it as a pull);
 * a registry that answers HEAD without Docker-Content-Digest is asked with a GET, whose bytes are hashed.
 */
export async function resolveDigest(session: RegistrySession, reference: string): Promise<string> {
  if (isDigest(reference)) return reference;
  const what = `resolving ${reference}`;
  const head = await session.fetch(session.url(`manifests/${reference}`), { method: 'HEAD', headers: { Accept: manifestAccept } }, what);
  if (!head.ok) throw await errorFromResponse(head, what);
  const claimed = head.headers.get('docker-content-digest');
  if (claimed && isDigest(claimed)) return claimed;
  return (await fetchManifest(session, reference)).digest;
}

/**
 * Fetches a single-artifact manifest and checks it: its bytes against the digest that named it (or the
 * registry's Docker-Content-Digest for a tag), its shape, and that it is not an index.
 */
export async function fetchManifest(session: RegistrySession, reference: string): Promise<FetchedManifest> {
  const what = `pulling manifest ${reference}`;
  const res = await session.fetch(session.url(`manifests/${reference}`), { headers: { Accept: manifestAccept } }, what);
  if (!res.ok) throw await errorFromResponse(res, what);
  const raw = Buffer.from(await res.arrayBuffer());
  const digest = sha256Digest(raw);
  if (isDigest(reference)) verifyContent(raw, reference, 'manifest');
  const claimed = res.headers.get('docker-content-digest');
  if (claimed && claimed !== digest) throw new OciClientError(`manifest digest mismatch: registry says ${claimed}, content is ${digest}`, 'DIGEST_MISMATCH');
  let manifest: OciManifest;
  try {
    manifest = JSON.parse(raw.toString('utf8')) as OciManifest;
  } catch {
    throw new OciClientError(`${reference} is not a JSON manifest`, 'MANIFEST_INVALID');
  }
  const mediaType = manifest.mediaType ?? res.headers.get('content-type') ?? '';
  if (mediaType === ociIndexMediaType || mediaType === dockerManifestListMediaType) {
    throw new OciClientError(`${reference} is an image index, not a single artifact`, 'MANIFEST_IS_INDEX');
  }
  if (manifest.schemaVersion !== 2 || !manifest.config || !Array.isArray(manifest.layers)) {
    throw new OciClientError(`${reference} is not an OCI image manifest`, 'MANIFEST_INVALID');
  }
  return { digest, manifest };
}

/** Downloads one blob, refused unless its bytes hash to the descriptor's digest and have its size. */
export async function fetchBlob(session: RegistrySession, descriptor: OciDescriptor): Promise<PulledBlob> {
  const what = `pulling blob ${descriptor.digest}`;
  const res = await session.fetch(session.url(`blobs/${descriptor.digest}`), {}, what);
  if (!res.ok) throw await errorFromResponse(res, what);
  const data = Buffer.from(await res.arrayBuffer());
  verifyContent(data, descriptor.digest, `blob ${descriptor.digest}`, descriptor.size);
  return { mediaType: descriptor.mediaType, digest: descriptor.digest, data };
}

// Pulls a single-manifest artifact and verifies every digest: the manifest against the reference (when it
// is a digest) and the registry's Docker-Content-Digest, each blob against its descriptor.
export async function pullArtifact(input: PullArtifactInput): Promise<PulledArtifact> {
  checkNames(input.repository, input.reference);
  const session = new RegistrySession(input.registry, input.repository, input.auth, input.options);
  const { digest, manifest } = await fetchManifest(session, input.reference);
  const config = await fetchBlob(session, manifest.config);
  const layers: PulledBlob[] = [];
  for (const layer of manifest.layers) layers.push(await fetchBlob(session, layer));
  return { digest, manifest, config, layers };
}
