import { createWriteStream } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { trimEtag } from './bucket-index.js';

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

const VIRTUAL_HOSTED = /(^|\.)amazonaws\.com(\.cn)?$|^storage\.googleapis\.com$/;

type S3Failure = { name?: unknown; message?: unknown; code?: unknown; errors?: unknown; $metadata?: { httpStatusCode?: number } };

const statusOf = (err: unknown): number | undefined => (err as S3Failure | undefined)?.$metadata?.httpStatusCode;

function isMissing(err: unknown, code: string): boolean {
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

export async function connectBucket(c: BucketConnection): Promise<BucketClient> {
  const { S3Client, HeadBucketCommand, ListObjectsV2Command, GetObjectCommand, GetBucketLocationCommand } = await import('@aws-sdk/client-s3');
  const host = c.endpoint.replace(/:\d+$/, '');
  const tls = c.tls && !c.insecure ? c.tls : undefined;
  const make = (region: string) => new S3Client({
    region,
    endpoint: `${c.insecure ? 'http' : 'https'}://${c.endpoint}`,
    forcePathStyle: !(VIRTUAL_HOSTED.test(host) && !c.bucketName.includes('.')),
    followRegionRedirects: true,
    // Checksums the SDK adds by default are not understood by every S3-compatible server.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(c.keys
      ? { credentials: { accessKeyId: c.keys.accessKey, secretAccessKey: c.keys.secretKey } }
      : {
          // Never the SDK's default chain (environment, the node's instance role): no Secret means anonymous.
          credentials: { accessKeyId: '', secretAccessKey: '' },
          signer: { sign: <R>(request: R): Promise<R> => Promise.resolve(request) },
        }),
    ...(tls
      ? {
          requestHandler: {
            httpsAgent: new Agent({
              ...(tls.ca ? { ca: [...rootCertificates, tls.ca] } : {}),
              ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
              keepAlive: true,
            }),
          },
        }
      : {}),
  });
  const Bucket = c.bucketName;
  let s3 = make(c.region || 'us-east-1');
  /** minio-go's getBucketLocation: the region, false for a missing bucket; its refusals pass except these. */
  const locate = async (signal: AbortSignal): Promise<string | false> => {
    try {
      const res = await s3.send(new GetBucketLocationCommand({ Bucket }), { abortSignal: signal });
      const location = res.LocationConstraint ?? '';
      return location === '' ? 'us-east-1' : location === 'EU' ? 'eu-west-1' : location;
    } catch (err) {
      const code = (err as S3Failure).name;
      if (code === 'NoSuchBucket' || (statusOf(err) === 404 && (code === 'NotFound' || code === 'Unknown'))) return false;
      if (code === 'AccessDenied' || code === 'AuthorizationHeaderMalformed' || code === 'InvalidRegion' || code === 'NotImplemented') return 'us-east-1';
      throw err;
    }
  };
  return {
    async bucketExists(signal) {
      if (!c.region) {
        const region = await locate(signal);
        if (region === false) return false;
        if (region !== 'us-east-1') {
          s3.destroy();
          s3 = make(region);
        }
      }
      try {
        await s3.send(new HeadBucketCommand({ Bucket }), { abortSignal: signal });
        return true;
      } catch (err) {
        if (isMissing(err, 'NoSuchBucket')) return false;
        throw err;
      }
    },
    async *listObjects(prefix, signal) {
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket, ...(prefix ? { Prefix: prefix } : {}), ...(token ? { ContinuationToken: token } : {}) }), { abortSignal: signal });
        for (const o of page.Contents ?? []) if (o.Key !== undefined) yield { key: o.Key, etag: trimEtag(o.ETag ?? '') };
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async download(key, file, signal) {
      let res;
      try {
        res = await s3.send(new GetObjectCommand({ Bucket, Key: key }), { abortSignal: signal });
      } catch (err) {
        if (isMissing(err, 'NoSuchKey')) return undefined;
        throw err;
      }
      const body = res.Body;
      if (!(body instanceof Readable)) throw new Error(`the server sent no body for '${key}'`);
      await pipeline(body, createWriteStream(file, { mode: 0o600 }), { signal });
      return trimEtag(res.ETag ?? '');
    },
    close: () => s3.destroy(),
  };
}
