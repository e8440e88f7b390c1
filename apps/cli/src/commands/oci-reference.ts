import { checkNames, isDigest, OciClientError, type RegistryAuth } from '@flotilla/oci-client';

// `oci://HOST[:PORT]/REPO[:TAG|@sha256:…]` as `flux push/pull artifact` take it, and `--creds user:pass`.

export interface OciReference {
  registry: string;
  repository: string;
  /** A tag or a digest. */
  reference: string;
}

export function parseOciReference(url: string, { requireTag }: { requireTag: boolean }): OciReference | string {
  if (!url.startsWith('oci://')) return `"${url}" is not an oci:// URL`;
  const rest = url.slice('oci://'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return `"${url}" names no repository: use oci://<host>/<repository>:<tag>`;
  const registry = rest.slice(0, slash);
  let path = rest.slice(slash + 1);
  let reference: string | undefined;
  const at = path.indexOf('@');
  if (at >= 0) {
    reference = path.slice(at + 1);
    path = path.slice(0, at);
    if (requireTag) return `"${url}" names a digest; pushing needs a tag`;
    if (!isDigest(reference)) return `"${reference}" is not a sha256 digest`;
  } else {
    const colon = path.lastIndexOf(':');
    if (colon >= 0) {
      reference = path.slice(colon + 1);
      path = path.slice(0, colon);
    }
  }
  if (!reference) return `"${url}" names no tag or digest: add :<tag>${requireTag ? '' : ' or @sha256:<digest>'}`;
  try {
    checkNames(path, reference);
  } catch (err) {
    return err instanceof OciClientError ? err.message : String(err);
  }
  return { registry, repository: path, reference };
}

export function parseCreds(creds: string | undefined): RegistryAuth | undefined | string {
  if (creds === undefined) return undefined;
  const colon = creds.indexOf(':');
  // Never echo the value: it holds a password.
  if (colon <= 0) return '--creds must be <username>:<password>';
  return { username: creds.slice(0, colon), password: creds.slice(colon + 1) };
}
