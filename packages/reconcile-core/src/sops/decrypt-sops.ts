import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';
import { unwrapDataKey } from './data-key.js';
import {
  decryptValue,
  importDataKey,
  type AesKey,
  looksEncrypted,
  SopsValueError,
  type DecryptedValue,
} from './encrypted-value.js';
import { macBytes } from './go-format.js';
import {
  lastModifiedAad,
  readMetadata,
  shouldBeEncrypted,
  unflattenDotenvMetadata,
  type SopsMetadata,
} from './metadata.js';

export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'binary';

export interface SopsDecryptOptions {
  format: SopsFormat;
  /** Contents of age identity files (Flux: the `*.agekey` entries of the decryption Secret). */
  ageIdentities: readonly string[];
  /** The file (or object) the input came from, carried into errors. */
  path?: string;
}

export interface SopsPlaintext {
  format: SopsFormat;
  /** The decrypted file as SOPS would write it with `sops decrypt` (metadata removed). */
  bytes: Uint8Array;
  /** yaml: one JSON value per document; json: the value; dotenv: the key/value pairs; binary: undefined. */
  documents: unknown[];
}

// Fixed 32 bytes SOPS feeds the MAC first when mac_only_encrypted is set (sha256("sops")).
const MAC_ONLY_ENCRYPTED_INIT = new Uint8Array([
  0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b, 0x0b, 0x97,
  0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
]);

class MacInput {
  private readonly parts: Uint8Array[] = [];
  add(bytes: Uint8Array): void {
    this.parts.push(bytes);
  }
  async hexDigest(): Promise<string> {
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of this.parts) {
      all.set(p, at);
      at += p.length;
    }
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-512', all));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
  }
}

interface Ctx {
  meta: SopsMetadata;
  key: AesKey;
  mac: MacInput;
  errors: CoreError[];
  path: string | undefined;
  /** Raw decrypted bytes of a binary file's `data` value (need not be valid UTF-8). */
  binaryData?: Uint8Array;
}

/**
 * Decrypts a SOPS file encrypted with age, as `sops decrypt` does: the data key is opened with one of the
 * given identities, every value SOPS encrypted is authenticated against its path, and the file's MAC
 * (SHA-512 over all values in tree order, stored encrypted under the data key with `lastmodified` as
 * additional data) must match — so a changed, moved, added or removed value is refused. Async because it
 * uses WebCrypto. Error messages never contain key material or plaintext.
 */
export async function decryptSops(
  input: string | Uint8Array,
  options: SopsDecryptOptions,
): Promise<Result<SopsPlaintext>> {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  const err = (code: CoreError['code'], message: string) =>
    fail<SopsPlaintext>(coreError(code, message, options.path));
  try {
    switch (options.format) {
      case 'yaml':
      case 'json':
      case 'binary':
        return await decryptDocuments(text, options, err);
      case 'dotenv':
        return await decryptDotenv(text, options, err);
    }
  } catch (e) {
    // The YAML parser and the tree walk recurse once per nesting level; a file nested deeply enough
    // (a JSON file is read as YAML too) exhausts the stack. That is a refusal of the file, not a crash.
    if (e instanceof RangeError) return err('SOPS_FORMAT_INVALID', `the file is not valid ${options.format}: nested too deeply`);
    throw e;
  }
}

type Fail = (code: CoreError['code'], message: string) => Result<SopsPlaintext>;

async function openFile(
  sopsValue: unknown,
  options: SopsDecryptOptions,
  err: Fail,
): Promise<{ meta: SopsMetadata; key: AesKey } | Result<SopsPlaintext>> {
  const meta = readMetadata(sopsValue);
  if (!meta.ok) return err(meta.unsupported ? 'SOPS_UNSUPPORTED' : 'SOPS_METADATA_INVALID', meta.reason);
  if (meta.value.hasCommentRules)
    return err('SOPS_UNSUPPORTED', 'encrypted_comment_regex / unencrypted_comment_regex are not supported');
  const dataKey = await unwrapDataKey(meta.value, options.ageIdentities);
  if (!dataKey.ok) return err(dataKey.code, dataKey.message);
  return { meta: meta.value, key: await importDataKey(dataKey.key) };
}

async function verifyMac(ctx: Ctx, err: Fail): Promise<Result<SopsPlaintext> | undefined> {
  if (ctx.errors.length > 0) return fail(ctx.errors);
  if (ctx.meta.mac === undefined) return err('SOPS_METADATA_INVALID', 'the sops metadata has no mac');
  const aad = lastModifiedAad(ctx.meta.lastModified);
  if (aad === undefined) return err('SOPS_METADATA_INVALID', 'the sops metadata has an invalid lastmodified');
  let stored: DecryptedValue;
  try {
    stored = await decryptValue(ctx.key, ctx.meta.mac, aad);
  } catch {
    return err(
      'SOPS_MAC_MISMATCH',
      'the stored MAC cannot be authenticated (the mac or lastmodified was changed)',
    );
  }
  const computed = await ctx.mac.hexDigest();
  if (!sameText(new TextDecoder().decode(stored.bytes), computed)) {
    return err('SOPS_MAC_MISMATCH', 'MAC mismatch: the file was changed after it was encrypted');
  }
  return undefined;
}

// Compares without an early exit, so the time taken says nothing about where a forged MAC differs.
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

// ---- YAML, JSON and binary (a JSON envelope `{"data": ENC[...], "sops": {...}}`) ----

async function decryptDocuments(
  text: string,
  options: SopsDecryptOptions,
  err: Fail,
): Promise<Result<SopsPlaintext>> {
  // prettyErrors off: it adds each error's source context, which costs time per error, so a file with many
  // bad escapes took time quadratic in its size. The first line of the message is all that is reported.
  const docs = parseAllDocuments(text, { version: '1.2', uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs) || list.length === 0 || list.some((d) => d.errors.length > 0)) {
    const first = list.flatMap((d) => d.errors)[0];
    return err(
      'SOPS_FORMAT_INVALID',
      `the file is not valid ${options.format}${first ? `: ${first.message.split('\n')[0]}` : ''}`,
    );
  }
  if (options.format !== 'yaml' && list.length > 1)
    return err('SOPS_FORMAT_INVALID', `a ${options.format} file holds one document`);
  const first = list[0] as Document.Parsed;
  if (!isMap(first.contents))
    return err('SOPS_METADATA_INVALID', 'the file has no top-level mapping, so no sops metadata');
  const sopsValue: unknown = first.get('sops', false);
  if (sopsValue === undefined)
    return err('SOPS_METADATA_INVALID', 'the file has no sops metadata: it is not encrypted with SOPS');
  const firstValue = safeToJS(first);
  if (firstValue instanceof Error)
    return err('SOPS_FORMAT_INVALID', `the file cannot be read: ${firstValue.message}`);
  const opened = await openFile((firstValue as Record<string, unknown>).sops, options, err);
  if ('ok' in opened) return opened;
  const ctx: Ctx = { ...opened, mac: new MacInput(), errors: [], path: options.path };
  if (ctx.meta.macOnlyEncrypted) ctx.mac.add(MAC_ONLY_ENCRYPTED_INIT);
  for (const doc of list) {
    if (isMap(doc.contents)) doc.delete('sops');
    await walkNode(doc.contents, [], ctx);
  }
  const bad = await verifyMac(ctx, err);
  if (bad) return bad;
  const values = list.map((d) => safeToJS(d));
  const unreadable = values.find((v): v is Error => v instanceof Error);
  if (unreadable) return err('SOPS_FORMAT_INVALID', `the file cannot be read: ${unreadable.message}`);
  if (options.format === 'binary') {
    const data = (values[0] as Record<string, unknown> | undefined)?.data;
    if (typeof data !== 'string' && !(data instanceof Uint8Array))
      return err('SOPS_FORMAT_INVALID', 'no binary data found in the file');
    return ok({
      format: 'binary',
      bytes: ctx.binaryData ?? new TextEncoder().encode(String(data)),
      documents: [],
    });
  }
  if (options.format === 'json') {
    return ok({
      format: 'json',
      bytes: new TextEncoder().encode(JSON.stringify(values[0], null, '\t') + '\n'),
      documents: values,
    });
  }
  const out = list.map((d) => d.toString({ lineWidth: 0 })).join('');
  return ok({ format: 'yaml', bytes: new TextEncoder().encode(out), documents: values });
}

// Documents become plain values; aliases to unknown anchors or alias bombs are errors, never exceptions.
function safeToJS(doc: Document.Parsed): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    return e instanceof Error ? e : new Error('cannot read the document');
  }
}

async function walkNode(node: unknown, path: string[], ctx: Ctx): Promise<void> {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      await decryptComments(pair.key, path, ctx);
      await decryptComments(pair.value, path, ctx);
      if (isScalar(pair.value) || pair.value === null)
        await leaf(pair.value as Scalar | null, [...path, key], ctx);
      else await walkNode(pair.value, [...path, key], ctx);
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i];
      await decryptComments(item, path, ctx);
      if (isScalar(item) || item === null) await leaf(item as Scalar | null, path, ctx);
      else await walkNode(item, path, ctx);
    }
  } else if (isScalar(node)) {
    await leaf(node, path, ctx);
  }
}

async function leaf(node: Scalar | null, path: string[], ctx: Ctx): Promise<Scalar | undefined> {
  const value: unknown = node?.value ?? null;
  if (value === null) return undefined; // SOPS skips nulls entirely, MAC included
  const encrypted = shouldBeEncrypted(ctx.meta, path);
  if (!encrypted) {
    if (!ctx.meta.macOnlyEncrypted) ctx.mac.add(macBytes(scalarForMac(value)));
    return undefined;
  }
  if (typeof value !== 'string') {
    ctx.errors.push(
      coreError(
        'SOPS_VALUE_INVALID',
        `value at ${path.join(':')} should be encrypted but is a ${typeof value}`,
        ctx.path,
      ),
    );
    return undefined;
  }
  if (value === '') return undefined; // SOPS leaves empty strings as they are
  let plain: DecryptedValue;
  try {
    plain = await decryptValue(ctx.key, value, `${path.join(':')}:`);
  } catch (e) {
    const why = e instanceof SopsValueError ? e.message : 'decryption failed';
    ctx.errors.push(
      coreError(
        'SOPS_VALUE_INVALID',
        `could not decrypt the value at ${path.join(':') || '(root)'}: ${why}`,
        ctx.path,
      ),
    );
    return undefined;
  }
  ctx.mac.add(plain.bytes);
  if (path.length === 1 && path[0] === 'data' && plain.type === 'str') ctx.binaryData = plain.bytes;
  const scalar = node as Scalar; // not null: null returned above
  scalar.value = typedValue(plain);
  scalar.type = undefined; // let the writer pick a style that fits the plaintext (quotes, block literal)
  return scalar;
}

function typedValue(v: DecryptedValue): string | number | boolean {
  const s = new TextDecoder().decode(v.bytes);
  switch (v.type) {
    case 'int':
    case 'float':
      return Number(s);
    case 'bool':
      return /^(1|t|T|TRUE|true|True)$/.test(s);
    default:
      return s;
  }
}

function scalarForMac(value: unknown): string | number | boolean | Uint8Array {
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Uint8Array
  )
    return value;
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}

// Comments SOPS encrypted (`#ENC[...]`) are decrypted best-effort, as SOPS does: they are not in the MAC, and
// one that does not decrypt is kept as written.
async function decryptComments(node: unknown, path: string[], ctx: Ctx): Promise<void> {
  if (!node || typeof node !== 'object') return;
  const n = node as YamlNode & { commentBefore?: string | null; comment?: string | null };
  for (const field of ['commentBefore', 'comment'] as const) {
    const text = n[field];
    if (!text) continue;
    const lines = await Promise.all(
      text.split('\n').map(async (line) => {
        const trimmed = line.trim();
        if (!looksEncrypted(trimmed)) return line;
        try {
          return new TextDecoder().decode((await decryptValue(ctx.key, trimmed, `${path.join(':')}:`)).bytes);
        } catch {
          return line;
        }
      }),
    );
    n[field] = lines.join('\n');
  }
}

// ---- dotenv ----

async function decryptDotenv(
  text: string,
  options: SopsDecryptOptions,
  err: Fail,
): Promise<Result<SopsPlaintext>> {
  const items: ({ comment: string } | { key: string; value: string })[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      items.push({ comment: line.slice(1) });
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) return err('SOPS_FORMAT_INVALID', 'invalid dotenv input line (no "=")');
    items.push({ key: line.slice(0, eq), value: line.slice(eq + 1).replaceAll('\\n', '\n') });
  }
  const pairs = items.filter((i): i is { key: string; value: string } => 'key' in i);
  const metaEntries = pairs
    .filter((p) => p.key.startsWith('sops_'))
    .map((p) => [p.key, p.value] as [string, string]);
  if (metaEntries.length === 0)
    return err('SOPS_METADATA_INVALID', 'the file has no sops metadata: it is not encrypted with SOPS');
  const opened = await openFile(unflattenDotenvMetadata(metaEntries), options, err);
  if ('ok' in opened) return opened;
  const ctx: Ctx = { ...opened, mac: new MacInput(), errors: [], path: options.path };
  if (ctx.meta.macOnlyEncrypted) ctx.mac.add(MAC_ONLY_ENCRYPTED_INIT);
  const out: string[] = [];
  const values: Record<string, string> = {};
  for (const item of items) {
    if ('comment' in item) {
      let comment = item.comment;
      if (looksEncrypted(comment)) {
        try {
          comment = new TextDecoder().decode((await decryptValue(ctx.key, comment, ':')).bytes);
        } catch {
          // kept as written, as SOPS does
        }
      }
      out.push(`#${comment}`);
      continue;
    }
    if (item.key.startsWith('sops_')) continue;
    const scalar = await leaf(new Scalar(item.value), [item.key], ctx);
    const value = scalar ? String(scalar.value) : item.value;
    values[item.key] = value;
    out.push(`${item.key}=${value.replaceAll('\n', '\\n')}`);
  }
  const bad = await verifyMac(ctx, err);
  if (bad) return bad;
  return ok({
    format: 'dotenv',
    bytes: new TextEncoder().encode(out.map((l) => `${l}\n`).join('')),
    documents: [values],
  });
}
