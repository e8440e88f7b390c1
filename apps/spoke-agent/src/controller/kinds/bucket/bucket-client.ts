import { STATUS_CODES } from 'node:http';

// The S3 calls a Bucket needs — does the bucket exist, list its keys with their ETags, download one object —
// over @aws-sdk/client-s3, the client the hub already uses (one S3 client in the repository, pinned once). It
// is imported on first use, so an agent whose cluster holds no Bucket never loads it (the agent bundle puts
// it in a chunk of its own). Addressing follows minio-go's (what source-controller uses): path-style, except
// for Amazon's and Google's endpoints; without spec.region, the bucket's location is asked first (GET
// ?location, signed for `us-east-1`), whose refusal — an unknown key, say — is the error reported. Messages
// are minio-go's where an answer carries none (a HEAD has no body): "Access Denied.", "The specified bucket
// does not exist.". The keys never appear in a message.

export interface BucketConnection {
  /** `host[:port]`, as in spec.endpoint. */
  endpoint: string;
  insecure: boolean;
  region?: string | undefined;
  bucketName: string;
  /** Static keys (spec.secretRef); none: unsigned requests, as minio-go sends without credentials. */
  keys?: { accessKey: string; secretKey: string } | undefined;
  /** certSecretRef: a CA added to the system's, and/or a client certificate. */
  tls?: { ca?: string; cert?: string; key?: string } | undefined;
}

export interface BucketClient {
  bucketExists(signal: AbortSignal): Promise<boolean>;
  /** Every key under the prefix with its ETag (quotes trimmed), page after page. */
  listObjects(prefix: string | undefined, signal: AbortSignal): AsyncIterable<{ key: string; etag: string }>;
  /** Writes the object to `file` and returns its ETag; undefined when there is no such key. */
  download(key: string, file: string, signal: AbortSignal): Promise<string | undefined>;
  close(): void;
}

export type S3Failure = { name?: unknown; message?: unknown; code?: unknown; errors?: unknown; $metadata?: { httpStatusCode?: number } };

export const statusOf = (err: unknown): number | undefined => (err as S3Failure | undefined)?.$metadata?.httpStatusCode;

export function isMissing(err: unknown, code: string): boolean {
  const e = err as S3Failure;
  return e?.name === code || e?.name === 'NotFound' || statusOf(err) === 404;
}

/** What failed, as minio-go words it; the secrets given are cut out of anything a server echoed. */
export function s3ErrorMessage(err: unknown, secrets: readonly string[] = [], notFound = 'The specified bucket does not exist.'): string {
  const e = (err ?? {}) as S3Failure;
  const status = statusOf(err);
  let message = typeof e.message === 'string' ? e.message : String(err);
  if (status !== undefined && (message === '' || message === 'UnknownError' || message === String(status))) {
    message = status === 404 ? notFound : status === 403 ? 'Access Denied.' : `${status} ${STATUS_CODES[status] ?? ''}`.trim();
  } else if (message === '' && Array.isArray(e.errors)) {
    // Node's connection attempts to every address of a host fail as one AggregateError without a message.
    message = e.errors.map((x) => (x instanceof Error ? x.message : String(x))).join('; ');
  } else if (message === '' && typeof e.code === 'string') message = e.code;
  for (const s of secrets) if (s.length >= 4) message = message.split(s).join('***');
  return message;
}

/**
 * The client, from a module imported on first use (it imports the SDK statically, so a bundle keeps the SDK's
 * CommonJS exports behind an ES module of ours).
 */
export async function connectBucket(c: BucketConnection): Promise<BucketClient> {
  return (await import('./s3-bucket-client.js')).openS3Bucket(c);
}
