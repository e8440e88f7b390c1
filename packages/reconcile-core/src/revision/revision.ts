import { coreError, fail, ok, type Result } from '../errors.js';

// Flux revision strings (RFC-0005): `[<named pointer>@]<algo>:<checksum>`, e.g. `main@sha1:<40 hex>`,
// `v1.2.3@sha1:…`, `refs/pull/1/head@sha1:…`, `latest@sha256:<64 hex>`, `sha256:…`; Helm chart
// revisions are the chart version, optionally with `+<12 hex>` of the source revision.

export interface Revision {
  /** Branch, tag, ref or OCI tag; undefined when the revision is only a digest or a version. */
  pointer?: string;
  /** `sha1`, `sha256`, …; undefined for a chart version. */
  algorithm?: string;
  /** The checksum, lowercase hex; undefined for a chart version. */
  checksum?: string;
  /** A chart version (`6.1.0`, `6.1.0+a1b2c3d4e5f6`) when the revision is not a digest. */
  version?: string;
}

const DIGEST_LENGTHS: Record<string, number> = { sha1: 40, sha256: 64, sha384: 96, sha512: 128, blake3: 64 };
const invalid = (rev: string, why: string) =>
  fail<Revision>(coreError('REVISION_INVALID', `invalid revision ${JSON.stringify(rev)}: ${why}`));

/**
 * Parses a revision. The pointer is everything before the last `@` (OCI tags and refs never contain one after
 * it); the old `main/<sha>` form of Flux < 2.0 is read as `main@sha1:<sha>`.
 */
export function parseRevision(rev: string): Result<Revision> {
  if (rev === '') return invalid(rev, 'empty');
  const legacy = transformLegacyRevision(rev);
  const at = legacy.lastIndexOf('@');
  const pointer = at >= 0 ? legacy.slice(0, at) : undefined;
  const rest = at >= 0 ? legacy.slice(at + 1) : legacy;
  if (pointer === '') return invalid(rev, 'empty named pointer before @');
  const colon = rest.indexOf(':');
  if (colon < 0) {
    if (pointer !== undefined) return invalid(rev, 'expected <algo>:<checksum> after @');
    return /^v?\d+(\.\d+){0,2}([-+][0-9A-Za-z.+-]*)?$/.test(rest)
      ? ok({ version: rest })
      : invalid(rev, 'neither a digest nor a chart version');
  }
  const algorithm = rest.slice(0, colon);
  const checksum = rest.slice(colon + 1);
  const length = DIGEST_LENGTHS[algorithm];
  if (length === undefined) return invalid(rev, `unknown digest algorithm ${JSON.stringify(algorithm)}`);
  if (!new RegExp(`^[0-9a-f]{${length}}$`).test(checksum))
    return invalid(rev, `${algorithm} checksum must be ${length} lowercase hex characters`);
  return ok({ ...(pointer !== undefined ? { pointer } : {}), algorithm, checksum });
}

export function formatRevision(r: Revision): string {
  if (r.version !== undefined) return r.version;
  const digest = `${r.algorithm ?? ''}:${r.checksum ?? ''}`;
  return r.pointer ? `${r.pointer}@${digest}` : digest;
}

/** A revision as a UI shows it: the checksum cut to `length` (≥ 7) characters, never the algorithm prefix. */
export function shortRevision(rev: string, length = 7): string {
  const parsed = parseRevision(rev);
  if (!parsed.ok || parsed.value.checksum === undefined) return rev;
  return formatRevision({ ...parsed.value, checksum: parsed.value.checksum.slice(0, Math.max(7, length)) });
}

/**
 * The revision source-controller records for a Git commit: `main@sha1:…` for `refs/heads/main`, `v1.0@sha1:…`
 * for `refs/tags/v1.0`, the full reference for anything else (`refs/pull/1/head@sha1:…`), and a bare
 * `sha1:…` for a commit checked out without a ref. A GitRepository with `ref.name` always records the full
 * reference (`absolute`: `refs/heads/main@sha1:…`), as source-controller's commitReference does.
 */
export function gitRevision(reference: string | undefined, commit: string, options: { absolute?: boolean } = {}): string {
  const algorithm = commit.length === 64 ? 'sha256' : 'sha1';
  const digest = `${algorithm}:${commit.toLowerCase()}`;
  if (!reference) return digest;
  const short = options.absolute ? null : /^refs\/(heads|tags)\/(.+)$/.exec(reference);
  return `${short ? short[2] : reference}@${digest}`;
}

/** OCIRepository revision: `<tag>@sha256:…`, or the bare digest when pulled by digest or semver without a tag. */
export function ociRevision(tag: string | undefined, digest: string): string {
  return tag ? `${tag}@${digest}` : digest;
}

/**
 * HelmChart revision: the chart version; with `reconcileStrategy: Revision` on a Git/Bucket source, the
 * version gets `+` and the first 12 characters of the source checksum as build metadata (an existing build
 * part is replaced).
 */
export function chartRevision(version: string, sourceRevision?: string): string {
  if (!sourceRevision) return version;
  const parsed = parseRevision(sourceRevision);
  const checksum = parsed.ok ? parsed.value.checksum : undefined;
  if (!checksum) return version;
  const plus = version.indexOf('+');
  return `${plus >= 0 ? version.slice(0, plus) : version}+${checksum.slice(0, 12)}`;
}

/** Rewrites a pre-RFC-0005 revision (`main/<sha1>`, a bare 40-hex sha) to the current format; others unchanged. */
export function transformLegacyRevision(rev: string): string {
  if (rev === '' || rev.includes(':')) return rev;
  const slash = rev.lastIndexOf('/');
  const hash = slash >= 0 ? rev.slice(slash + 1) : rev;
  if (!/^[0-9a-f]{40}$/.test(hash)) return rev;
  const pointer = slash >= 0 ? rev.slice(0, slash) : '';
  return pointer && pointer !== 'HEAD' ? `${pointer}@sha1:${hash}` : `sha1:${hash}`;
}

/**
 * Whether two revisions name the same content: equal after legacy rewriting, or the same digest when only one
 * carries a pointer (`sha1:abc` vs `main@sha1:abc`).
 */
export function sameRevision(a: string, b: string): boolean {
  const x = transformLegacyRevision(a);
  const y = transformLegacyRevision(b);
  if (x === y) return true;
  const px = parseRevision(x);
  const py = parseRevision(y);
  if (!px.ok || !py.ok || px.value.checksum === undefined) return false;
  const bothPointers = px.value.pointer !== undefined && py.value.pointer !== undefined;
  return (
    !bothPointers && px.value.algorithm === py.value.algorithm && px.value.checksum === py.value.checksum
  );
}
