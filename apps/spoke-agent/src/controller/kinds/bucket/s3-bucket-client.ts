import { createWriteStream } from 'node:fs';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetBucketLocationCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { isMissing, statusOf, type BucketClient, type BucketConnection, type S3Failure } from './bucket-client.js';
import { trimEtag } from './bucket-index.js';

// BucketClient over @aws-sdk/client-s3 (see bucket-client.ts for the rules). Only bucket-client.ts imports this
// module, with import(), so the SDK is loaded once a Bucket is reconciled.

// The SDK is pinned, so its notice that later releases will need Node 22 tells an operator nothing; it would
// be the agent's one line on stderr that is not JSON. Set before the first client is made, which checks it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const VIRTUAL_HOSTED = /(^|\.)amazonaws\.com(\.cn)?$|^storage\.googleapis\.com$/;

export function openS3Bucket(c: BucketConnection): BucketClient {
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
