import { createHash } from 'node:crypto';

// A Bucket's revision as source-controller computes it (internal/index Digester): the object index — each
// kept key with its ETag — sorted by key, written as one `<key> <etag>\n` line per object, hashed with
// sha256: `sha256:<hex>`. Go's sort.Strings compares bytes, so keys are ordered by their UTF-8 bytes, not by
// JavaScript's UTF-16 code units (the two differ for characters beyond the Basic Multilingual Plane).

/** Object key → ETag (without the quotes S3 puts around it, as minio-go trims them). */
export type BucketIndex = Map<string, string>;

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export function indexRevision(index: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const key of [...index.keys()].sort(byUtf8)) hash.update(`${key} ${index.get(key) ?? ''}\n`, 'utf8');
  return `sha256:${hash.digest('hex')}`;
}

/** minio-go's trimEtag: one leading and one trailing double quote removed. */
export function trimEtag(etag: string): string {
  return etag.replace(/^"/, '').replace(/"$/, '');
}
