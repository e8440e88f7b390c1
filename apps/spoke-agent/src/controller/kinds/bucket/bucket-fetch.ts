import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { bucketIgnoreFilter, defaultArtifactLimits } from '@flotilla/git-source';
import { s3ErrorMessage, type BucketClient } from './bucket-client.js';
import type { BucketIndex } from './bucket-index.js';

// The two fetch phases of source-controller's Bucket reconcile, with its messages. Indexing: the bucket must
// exist; its root `.sourceignore` (if any) and spec.ignore decide which keys count; keys ending in `/` and the
// `.sourceignore` itself never do. Downloading (only when the revision changed or no artifact is stored):
// every indexed object, a key that vanished meanwhile dropped from the index, an ETag that changed meanwhile
// taken from the download. Each phase has spec.timeout to itself, as in Flux.
//
// Where we differ: an object whose key is not a safe relative path (an empty, `.` or `..` segment, a `.git`
// directory, a backslash) counts in the revision, as in Flux, but is left out of the artifact (a tarball with
// such a path would be refused by every consumer); and the download stops at the artifact limits the
// consumers open (20,000 objects, 256 MiB), with a message saying so.

export const SOURCE_IGNORE = '.sourceignore';
const CONCURRENT_DOWNLOADS = 16;

export class BucketFetchError extends Error {}

export interface IndexedBucket {
  index: BucketIndex;
  /** The root `.sourceignore`, downloaded to the work directory (it goes into the artifact, as in Flux). */
  sourceIgnore?: string;
}

export interface FetchInput {
  client: BucketClient;
  bucketName: string;
  prefix?: string | undefined;
  ignore?: string | undefined;
  /** Empty scratch directory: every download is a numbered file in it. */
  workDir: string;
  signal: AbortSignal;
  /** Cut out of error messages. */
  secrets: readonly string[];
  /** spec.timeout, named when the phase's deadline passes. */
  timeout: string;
}

/** Why a call failed: the deadline (in Go's words, as Flux reports it), else the server's answer. */
function why(f: FetchInput, err: unknown, notFound?: string): string {
  const reason: unknown = f.signal.reason;
  if (f.signal.aborted && reason instanceof DOMException && reason.name === 'TimeoutError') return `context deadline exceeded (timeout ${f.timeout})`;
  return s3ErrorMessage(err, f.secrets, notFound);
}

const NO_SUCH_KEY = 'The specified key does not exist.';

export const unsafeKey = (key: string): boolean => key.split('/').some((c) => c === '' || c === '.' || c === '..' || c.toLowerCase() === '.git' || /[\\\0]/.test(c));

export async function indexBucket(f: FetchInput): Promise<IndexedBucket> {
  const name = f.bucketName;
  let exists: boolean;
  try {
    exists = await f.client.bucketExists(f.signal);
  } catch (err) {
    throw new BucketFetchError(`failed to confirm existence of '${name}' bucket: ${why(f, err)}`);
  }
  if (!exists) throw new BucketFetchError(`bucket '${name}' not found`);

  const ignoreFile = path.join(f.workDir, 'sourceignore');
  let sourceIgnore: string | undefined;
  try {
    if ((await f.client.download(SOURCE_IGNORE, ignoreFile, f.signal)) !== undefined) sourceIgnore = ignoreFile;
  } catch (err) {
    throw new BucketFetchError(`failed to get Etag for '${SOURCE_IGNORE}' object: ${why(f, err, NO_SUCH_KEY)}`);
  }
  const ignored = bucketIgnoreFilter(sourceIgnore ? await readFile(sourceIgnore, 'utf8') : undefined, f.ignore);
  const index: BucketIndex = new Map();
  try {
    for await (const { key, etag } of f.client.listObjects(f.prefix, f.signal)) {
      if (key.endsWith('/') || key === SOURCE_IGNORE || ignored(key, false)) continue;
      index.set(key, etag);
    }
  } catch (err) {
    throw new BucketFetchError(`indexation of objects from bucket '${name}' failed: listing objects from bucket '${name}' failed: ${why(f, err)}`);
  }
  return { index, ...(sourceIgnore ? { sourceIgnore } : {}) };
}

/** Downloads the indexed objects; returns each archived key's file. The index is updated in place. */
export async function downloadIndex(f: FetchInput, index: BucketIndex): Promise<Map<string, string>> {
  const keys = [...index.keys()].filter((k) => !unsafeKey(k));
  if (keys.length > defaultArtifactLimits.maxEntries) throw new BucketFetchError(`fetch from bucket '${f.bucketName}' failed: ${keys.length} objects exceed the limit of ${defaultArtifactLimits.maxEntries}`);
  const files = new Map<string, string>();
  const { maxUnpackedBytes } = defaultArtifactLimits;
  let total = 0;
  let next = 0;
  let failure: BucketFetchError | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < keys.length) {
      const i = next++;
      const key = keys[i] as string;
      const file = path.join(f.workDir, String(i));
      let etag: string | undefined;
      try {
        etag = await f.client.download(key, file, f.signal);
      } catch (err) {
        failure ??= new BucketFetchError(`fetch from bucket '${f.bucketName}' failed: failed to get '${key}' object: ${why(f, err, NO_SUCH_KEY)}`);
        return;
      }
      // Gone between listing and download: as source-controller, the object is dropped from the index.
      if (etag === undefined) index.delete(key);
      else {
        if (etag !== index.get(key)) index.set(key, etag);
        files.set(key, file);
        total += (await stat(file)).size;
        if (total > maxUnpackedBytes) failure ??= new BucketFetchError(`fetch from bucket '${f.bucketName}' failed: the objects exceed the limit of ${maxUnpackedBytes} bytes`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_DOWNLOADS, keys.length) }, worker));
  if (failure) throw failure;
  return files;
}
