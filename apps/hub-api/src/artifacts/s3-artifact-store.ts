import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { artifactKey, ArtifactStoreError, digestHex, writeHashed, type ArtifactStore, type ListedArtifact, type PutOptions, type StoredArtifact } from '@flotilla/git-source';
import type { S3StoreConfig } from '../config.js';

// Artifacts in an S3-compatible bucket, under the same content-addressed keys the filesystem store uses
// (`<prefix>sha256/ab/<hex>.tar.gz`), so every hub replica reads what any of them stored. The digest names the
// object, so it is known only after hashing: a put spools the bytes to a temp file while hashing, then uploads
// that file once (nothing is uploaded when the object exists already).

export interface S3ArtifactStoreOptions {
  config: S3StoreConfig;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const isNotFound = (err: unknown): boolean => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

const failed = (what: string, err: unknown): ArtifactStoreError =>
  new ArtifactStoreError('STORAGE_FAILED', `${what} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });

export class S3ArtifactStore implements ArtifactStore {
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(opts: S3ArtifactStoreOptions) {
    const { config } = opts;
    this.bucket = config.bucket;
    this.prefix = config.prefix;
    this.s3 = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      // Checksums the SDK adds by default since 3.729 are not understood by every S3-compatible server.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private keyOf(digest: string): string {
    return `${this.prefix}${artifactKey(digest)}`;
  }

  async put(body: Buffer | Uint8Array | Readable, options: PutOptions = {}): Promise<StoredArtifact> {
    if (options.expectedDigest) digestHex(options.expectedDigest);
    const dir = await mkdtemp(path.join(tmpdir(), 'flotilla-s3-put-'));
    const tmp = path.join(dir, `${randomBytes(6).toString('hex')}.part`);
    try {
      const fh = await open(tmp, 'wx', 0o600);
      const { digest, size } = await writeHashed(fh, body)
        .catch((err: unknown) => Promise.reject(failed('reading artifact', err)))
        .finally(() => fh.close());
      if (options.expectedDigest && options.expectedDigest !== digest) {
        throw new ArtifactStoreError('DIGEST_MISMATCH', `artifact content hashes to ${digest}, expected ${options.expectedDigest}`);
      }
      const key = this.keyOf(digest);
      if (!(await this.stat(digest))) {
        await this.s3
          .send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(tmp), ContentLength: size, ContentType: 'application/gzip' }))
          .catch((err: unknown) => Promise.reject(failed(`storing artifact ${digest}`, err)));
      }
      return { digest, size, key };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async get(digest: string): Promise<Readable> {
    const key = this.keyOf(digest);
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(res.Body instanceof Readable)) throw new Error('the S3 client returned no stream');
      return res.Body;
    } catch (err) {
      if (isNotFound(err)) throw new ArtifactStoreError('ARTIFACT_NOT_FOUND', `artifact ${digest} not found`);
      throw failed(`reading artifact ${digest}`, err);
    }
  }

  async has(digest: string): Promise<boolean> {
    return (await this.stat(digest)) !== undefined;
  }

  async stat(digest: string): Promise<StoredArtifact | undefined> {
    const key = this.keyOf(digest);
    try {
      const res = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { digest, size: res.ContentLength ?? 0, key };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw failed(`looking up artifact ${digest}`, err);
    }
  }

  /** S3 answers a delete the same whether the object existed or not, so it is looked up first. */
  async delete(digest: string): Promise<boolean> {
    if (!(await this.stat(digest))) return false;
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(digest) })).catch((err: unknown) => Promise.reject(failed(`deleting artifact ${digest}`, err)));
    return true;
  }

  /** Every object under the prefix whose key this store would give its digest. */
  async list(): Promise<ListedArtifact[]> {
    const out: ListedArtifact[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3
        .send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}sha256/`, ContinuationToken: token }))
        .catch((err: unknown) => Promise.reject(failed('listing artifacts', err)));
      for (const o of page.Contents ?? []) {
        const m = /([0-9a-f]{64})\.tar\.gz$/.exec(o.Key ?? '');
        if (!m) continue;
        const digest = `sha256:${m[1]}`;
        if (this.keyOf(digest) !== o.Key) continue;
        out.push({ digest, size: o.Size ?? 0, key: o.Key, lastModified: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Whether the bucket answers with these settings (read at start, so a typo fails the start, not the first fetch). */
  async check(): Promise<void> {
    await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}sha256/`, MaxKeys: 1 })).catch((err: unknown) => Promise.reject(failed(`reaching S3 bucket ${this.bucket}`, err)));
  }

  destroy(): void {
    this.s3.destroy();
  }
}

/**
 * Reads `aws_access_key_id` / `aws_secret_access_key` (the AWS credentials-file names, `aws_` optional) from
 * `key = value` lines; a mounted Secret is such a file. The values never appear in an error.
 */
export function parseS3CredentialsFile(text: string, file: string): { accessKeyId: string; secretAccessKey: string } {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:aws_)?(access_key_id|secret_access_key)\s*[=:]\s*(\S+)\s*$/i.exec(line);
    if (m) values.set(m[1]!.toLowerCase(), m[2]!);
  }
  const accessKeyId = values.get('access_key_id');
  const secretAccessKey = values.get('secret_access_key');
  if (!accessKeyId || !secretAccessKey) throw new Error(`${file} must have access_key_id and secret_access_key lines`);
  return { accessKeyId, secretAccessKey };
}
