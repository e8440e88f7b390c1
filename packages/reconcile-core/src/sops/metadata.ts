import { isRecord } from '../object/kube-object.js';

/** The parts of a file's `sops` metadata that decryption needs. */
export interface SopsMetadata {
  ageStanzas: { recipient: string; enc: string }[];
  /** Other recipient kinds present (pgp, kms, …), only to explain why we cannot open the file. */
  otherKeyKinds: string[];
  lastModified: string;
  mac: string | undefined;
  macOnlyEncrypted: boolean;
  unencryptedSuffix?: string;
  encryptedSuffix?: string;
  unencryptedRegex?: RegExp;
  encryptedRegex?: RegExp;
  hasCommentRules: boolean;
  shamirThreshold: number;
}

export type MetadataResult =
  { ok: true; value: SopsMetadata } | { ok: false; reason: string; unsupported?: boolean };

const OTHER_KEY_KINDS = ['pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'hckms'];

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function collectAge(list: unknown, out: SopsMetadata['ageStanzas']): void {
  if (!Array.isArray(list)) return;
  for (const entry of list) {
    if (isRecord(entry) && typeof entry.enc === 'string')
      out.push({ recipient: str(entry.recipient) ?? '', enc: entry.enc });
  }
}

// Go's regexp (RE2) syntax for the suffix rules; the common subset is JavaScript-compatible.
function compile(pattern: string | undefined): RegExp | undefined | 'invalid' {
  if (pattern === undefined || pattern === '') return undefined;
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'));
  } catch {
    return 'invalid';
  }
}

/** Reads the `sops` mapping (already unflattened for dotenv) into SopsMetadata. */
export function readMetadata(sops: unknown): MetadataResult {
  if (!isRecord(sops)) return { ok: false, reason: 'the sops metadata is not a mapping' };
  const lastModified = str(sops.lastmodified);
  if (lastModified === undefined) return { ok: false, reason: 'the sops metadata has no lastmodified' };
  const ageStanzas: SopsMetadata['ageStanzas'] = [];
  collectAge(sops.age, ageStanzas);
  const otherKeyKinds = OTHER_KEY_KINDS.filter(
    (k) => Array.isArray(sops[k]) && (sops[k] as unknown[]).length > 0,
  );
  let shamirThreshold = 0;
  if (Array.isArray(sops.key_groups)) {
    for (const group of sops.key_groups) {
      if (!isRecord(group)) continue;
      collectAge(group.age, ageStanzas);
      for (const k of OTHER_KEY_KINDS)
        if (Array.isArray(group[k]) && !otherKeyKinds.includes(k)) otherKeyKinds.push(k);
    }
    const threshold = Number(sops.shamir_threshold ?? 0);
    if (sops.key_groups.length > 1)
      shamirThreshold = Number.isFinite(threshold) && threshold > 0 ? threshold : sops.key_groups.length;
  }
  if (shamirThreshold > 1)
    return {
      ok: false,
      reason: 'files split across key groups (Shamir secret sharing) are not supported',
      unsupported: true,
    };
  const rules = {
    unencryptedRegex: compile(str(sops.unencrypted_regex)),
    encryptedRegex: compile(str(sops.encrypted_regex)),
  };
  if (rules.unencryptedRegex === 'invalid' || rules.encryptedRegex === 'invalid')
    return { ok: false, reason: 'the sops metadata has an invalid (un)encrypted_regex' };
  const macOnly = sops.mac_only_encrypted;
  return {
    ok: true,
    value: {
      ageStanzas,
      otherKeyKinds,
      lastModified,
      mac: str(sops.mac),
      macOnlyEncrypted: macOnly === true || macOnly === 'true',
      ...(str(sops.unencrypted_suffix) ? { unencryptedSuffix: str(sops.unencrypted_suffix) } : {}),
      ...(str(sops.encrypted_suffix) ? { encryptedSuffix: str(sops.encrypted_suffix) } : {}),
      ...(rules.unencryptedRegex ? { unencryptedRegex: rules.unencryptedRegex } : {}),
      ...(rules.encryptedRegex ? { encryptedRegex: rules.encryptedRegex } : {}),
      hasCommentRules: Boolean(str(sops.unencrypted_comment_regex) || str(sops.encrypted_comment_regex)),
      shamirThreshold,
    },
  };
}

/**
 * SOPS decides per value whether it is encrypted from the map keys on its path (list indexes are not part
 * of the path): an unencrypted suffix or regex on any key turns it off, an encrypted suffix or regex turns it
 * on only for matching paths.
 */
export function shouldBeEncrypted(meta: SopsMetadata, path: readonly string[]): boolean {
  let encrypted = true;
  if (meta.unencryptedSuffix && path.some((k) => k.endsWith(meta.unencryptedSuffix as string)))
    encrypted = false;
  if (meta.encryptedSuffix) encrypted = path.some((k) => k.endsWith(meta.encryptedSuffix as string));
  if (meta.unencryptedRegex && path.some((k) => (meta.unencryptedRegex as RegExp).test(k))) encrypted = false;
  if (meta.encryptedRegex) encrypted = path.some((k) => (meta.encryptedRegex as RegExp).test(k));
  return encrypted;
}

/**
 * SOPS authenticates the MAC with `lastmodified` re-formatted as Go's time.RFC3339: fractional seconds
 * dropped, a zero offset written as `Z`.
 */
export function lastModifiedAad(lastModified: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(lastModified);
  if (!m) return undefined;
  const zone =
    m[3] === 'z' || m[3] === 'Z' || m[3] === '+00:00' || m[3] === '-00:00' ? 'Z' : (m[3] as string);
  return `${m[1]}T${m[2]}${zone}`;
}

/** Dotenv files carry the metadata flattened into `sops_`-prefixed keys (`sops_age__list_0__map_enc`). */
export function unflattenDotenvMetadata(entries: readonly [string, string][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (!key.startsWith('sops_')) continue;
    const tokens = key.slice('sops_'.length).split(/(__map_|__list_)/);
    let cursor: Record<string, unknown> | unknown[] = root;
    let name: string | number = tokens[0] ?? '';
    for (let i = 1; i + 1 < tokens.length; i += 2) {
      const isList = tokens[i] === '__list_';
      const nextName: string | number = isList ? Number(tokens[i + 1]) : (tokens[i + 1] ?? '');
      const container: unknown = (cursor as Record<string | number, unknown>)[name];
      const fresh = container ?? (isList ? [] : {});
      (cursor as Record<string | number, unknown>)[name] = fresh;
      cursor = fresh as Record<string, unknown> | unknown[];
      name = nextName;
    }
    (cursor as Record<string | number, unknown>)[name] = value;
  }
  return root;
}
