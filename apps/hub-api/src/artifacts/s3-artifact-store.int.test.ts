import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactStoreError } from '@flotilla/git-source';
import { startS3Server, type TestS3 } from '@flotilla/testenv';
import type { S3StoreConfig } from '../config.js';
import { parseS3CredentialsFile, S3ArtifactStore } from './s3-artifact-store.js';

const digestOf = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const readAll = async (r: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

// Against versitygw (a real S3 server, posix backend), the same port the filesystem store implements.
describe('S3 artifact store', () => {
  let s3: TestS3;
  let store: S3ArtifactStore;
  const config = (over: Partial<S3StoreConfig> = {}): S3StoreConfig => ({ bucket: 'artifacts', region: s3.region, endpoint: s3.endpoint, forcePathStyle: true, prefix: 'hub/', ...over });
  const keys = () => ({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.createBucket('artifacts');
    store = new S3ArtifactStore({ config: config(), credentials: keys() });
  }, 120_000);
  afterAll(async () => {
    store?.destroy();
    await s3?.stop();
  });

  it('stores content under its digest once, and reads, stats, lists and deletes it', async () => {
    const body = Buffer.from('a tarball, honestly');
    const digest = digestOf(body);
    const put = await store.put(Readable.from([body.subarray(0, 5), body.subarray(5)]));
    expect(put).toEqual({ digest, size: body.length, key: `hub/sha256/${digest.slice(7, 9)}/${digest.slice(7)}.tar.gz` });
    expect(await store.put(body, { expectedDigest: digest })).toEqual(put);
    expect(await readAll(await store.get(digest))).toEqual(body);
    expect(await store.stat(digest)).toEqual({ digest, size: body.length, key: put.key });
    expect(await store.has(digest)).toBe(true);
    const listed = await store.list();
    expect(listed.map((a) => a.digest)).toEqual([digest]);
    expect(listed[0]!.lastModified.getTime()).toBeGreaterThan(Date.now() - 60_000);
    // One object in the bucket's directory: stored once, under the prefix.
    const files = await readdir(path.join(s3.root, 'artifacts', 'hub', 'sha256', digest.slice(7, 9)));
    expect(files).toEqual([`${digest.slice(7)}.tar.gz`]);
    expect(await store.delete(digest)).toBe(true);
    expect(await store.delete(digest)).toBe(false);
    expect(await store.has(digest)).toBe(false);
  });

  it('refuses content that does not hash to the expected digest and stores nothing', async () => {
    const wrong = digestOf(Buffer.from('something else'));
    const err = await store.put(Buffer.from('content'), { expectedDigest: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactStoreError);
    expect((err as ArtifactStoreError).code).toBe('DIGEST_MISMATCH');
    expect(await store.has(digestOf(Buffer.from('content')))).toBe(false);
  });

  it('answers ARTIFACT_NOT_FOUND for an absent digest and INVALID_DIGEST for a malformed one', async () => {
    const absent = digestOf(Buffer.from('never stored'));
    await expect(store.get(absent)).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND' });
    expect(await store.stat(absent)).toBeUndefined();
    await expect(store.get('sha256:../../etc/passwd')).rejects.toMatchObject({ code: 'INVALID_DIGEST' });
  });

  it('lists only its own prefix', async () => {
    const other = new S3ArtifactStore({ config: config({ prefix: 'other/' }), credentials: keys() });
    const body = Buffer.from('only in other/');
    await other.put(body);
    expect((await other.list()).map((a) => a.digest)).toEqual([digestOf(body)]);
    expect(await store.list()).toEqual([]);
    other.destroy();
  });

  it('fails with STORAGE_FAILED on wrong keys, without the keys in the message', async () => {
    const secret = 'not-the-secret-0123456789';
    const bad = new S3ArtifactStore({ config: config(), credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: secret } });
    const err = await bad.check().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORAGE_FAILED' });
    expect(String((err as Error).message)).not.toContain(secret);
    const missingBucket = new S3ArtifactStore({ config: config({ bucket: 'no-such-bucket' }), credentials: keys() });
    await expect(missingBucket.check()).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    bad.destroy();
    missingBucket.destroy();
  });
});

describe('S3 credentials file', () => {
  it('reads the AWS credentials-file names, with or without the aws_ prefix', () => {
    expect(parseS3CredentialsFile('[default]\naws_access_key_id = AK\naws_secret_access_key = SK\n', 'f')).toEqual({ accessKeyId: 'AK', secretAccessKey: 'SK' });
    expect(parseS3CredentialsFile('access_key_id=AK\nsecret_access_key: SK', 'f')).toEqual({ accessKeyId: 'AK', secretAccessKey: 'SK' });
  });

  it('names the missing line without echoing what the file holds', () => {
    const err = (() => {
      try {
        parseS3CredentialsFile('aws_access_key_id = AKSECRETISH\n', '/run/s3/creds');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toContain('/run/s3/creds');
    expect(err?.message).not.toContain('AKSECRETISH');
  });
});
