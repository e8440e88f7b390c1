import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkNames, isDigest, OciClientError, type RegistryAuth } from '@flotilla/oci-client';
import type { CliIo } from '../command.js';

// What `push artifact` and `pull artifact` share: `artifact oci://HOST[:PORT]/REPO[:TAG|@sha256:…]` as
// `flux push/pull artifact` take it, `--creds user:pass`, `--insecure`, and how they report an error.

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

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `artifact <url>` and the options; undefined (after printing the usage) when the command line does not fit.
 * `required` options must be given.
 */
export function parseArtifactArgs<O extends Options>(args: string[], options: O, required: ReadonlyArray<keyof O>, usage: string, io: CliIo) {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { ...options, creds: { type: 'string' }, insecure: { type: 'boolean' } } });
  } catch (err) {
    io.stderr.write(`Error: ${(err as Error).message}\n`);
  }
  const [what, url, ...extra] = parsed?.positionals ?? [];
  const values = (parsed?.values ?? {}) as Record<string, string | boolean | undefined>;
  if (!parsed || what !== 'artifact' || !url || extra.length > 0 || required.some((k) => typeof values[k as string] !== 'string')) {
    io.stderr.write(`usage: ${usage}\n`);
    return undefined;
  }
  return { url, values };
}

export function printError(io: CliIo, message: string): number {
  io.stderr.write(`Error: ${message}\n`);
  return 1;
}
