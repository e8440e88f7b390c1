import type { JsonObject } from '../yaml/parse.js';
import { coreError, type CoreError } from '../errors.js';
import { basename, fileText, joinPath, type TreeIndex } from './file-tree.js';
import { isObject, Resource, str } from './resource.js';
import { stringList, stringMap } from './kustomization.js';

export interface GeneratorOptions {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  disableNameSuffixHash: boolean;
  immutable: boolean;
}

export function readOptions(v: unknown): GeneratorOptions {
  const o = isObject(v as never) ? (v as JsonObject) : {};
  return {
    labels: stringMap(o.labels),
    annotations: stringMap(o.annotations),
    disableNameSuffixHash: o.disableNameSuffixHash === true,
    immutable: o.immutable === true,
  };
}

// A generator's own options win over the kustomization's generatorOptions.
export function mergeOptions(local: GeneratorOptions, global: GeneratorOptions): GeneratorOptions {
  return {
    labels: { ...global.labels, ...local.labels },
    annotations: { ...global.annotations, ...local.annotations },
    disableNameSuffixHash: local.disableNameSuffixHash || global.disableNameSuffixHash,
    immutable: local.immutable || global.immutable,
  };
}

function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s;
}

function base64(bytes: Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number, b = bytes[i + 1], c = bytes[i + 2];
    out += chars[a >> 2];
    out += chars[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : chars[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : chars[c & 63];
  }
  return out;
}

/** kustomize stores generated base64 in 70-column lines once it reaches 70 characters. */
export function foldBase64(b64: string): string {
  if (b64.length < 70) return b64;
  let out = '';
  for (let i = 0; i < b64.length; i += 70) out += `${b64.slice(i, i + 70)}\n`;
  return out;
}

// bufio.ScanLines + kustomize's env line rules: BOM on line 1, leading whitespace trimmed, # comments.
function parseEnv(text: string, path: string): { pairs: [string, string][]; error?: CoreError } {
  const pairs: [string, string][] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (i === 0 && line.startsWith('\ufeff')) line = line.slice(1);
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key === '') return { pairs, error: coreError('GENERATOR_INVALID', `line ${i + 1} has an empty key`, path) };
    // A line without "=" asks for the process environment, which a pure build does not read.
    pairs.push([key, eq < 0 ? '' : line.slice(eq + 1)]);
  }
  return { pairs };
}

interface Entry {
  key: string;
  text?: string;
  bytes?: Uint8Array;
}

export function runGenerator(
  kind: 'ConfigMap' | 'Secret',
  spec: JsonObject,
  globalOptions: GeneratorOptions,
  dir: string,
  index: TreeIndex,
  kustPath: string,
): { res?: Resource; error?: CoreError } {
  const name = str(spec.name);
  if (name === '') return { error: coreError('GENERATOR_INVALID', `a ${kind.toLowerCase()} must have a name`, kustPath) };
  const entries: Entry[] = [];
  for (const lit of stringList(spec.literals)) {
    const eq = lit.indexOf('=');
    if (eq <= 0) return { error: coreError('GENERATOR_INVALID', `invalid literal source ${lit}, expected key=value`, kustPath) };
    entries.push({ key: lit.slice(0, eq), text: removeQuotes(lit.slice(eq + 1)) });
  }
  const readFile = (rel: string): { content?: Uint8Array | string; path: string; error?: CoreError } => {
    const p = joinPath(dir, rel);
    if (p === undefined || (dir !== '' && !p.startsWith(`${dir}/`) && p !== dir) || rel.startsWith('/')) {
      return { path: rel, error: coreError('PATH_ESCAPES_ROOT', `file '${rel}' is not in or below '${dir || '.'}'`, kustPath) };
    }
    const content = index.tree.get(p);
    if (content === undefined) return { path: p, error: coreError('RESOURCE_NOT_FOUND', `file ${rel} not found`, kustPath) };
    return { content, path: p };
  };
  for (const envFile of [...stringList(spec.envs), ...(typeof spec.env === 'string' ? [spec.env] : [])]) {
    const f = readFile(envFile);
    if (f.error) return { error: f.error };
    const text = fileText(f.content as Uint8Array | string);
    if (text === undefined) return { error: coreError('GENERATOR_INVALID', 'env file has invalid utf8 bytes', f.path) };
    const parsed = parseEnv(text, f.path);
    if (parsed.error) return { error: parsed.error };
    for (const [k, v] of parsed.pairs) entries.push({ key: k, text: v });
  }
  for (const fileSpec of stringList(spec.files)) {
    const eq = fileSpec.indexOf('=');
    let key: string, rel: string;
    if (eq >= 0) {
      key = fileSpec.slice(0, eq);
      rel = fileSpec.slice(eq + 1);
      if (key === '' || rel === '') return { error: coreError('GENERATOR_INVALID', `key or file path is missing in ${fileSpec}`, kustPath) };
    } else {
      rel = fileSpec;
      key = basename(rel);
    }
    const f = readFile(rel);
    if (f.error) return { error: f.error };
    const content = f.content as Uint8Array | string;
    const text = fileText(content);
    if (text === undefined) entries.push({ key, bytes: content as Uint8Array });
    else entries.push({ key, text });
  }
  const data: JsonObject = {};
  const binaryData: JsonObject = {};
  const seen = new Set<string>();
  const enc = new TextEncoder();
  for (const e of entries) {
    if (seen.has(e.key)) {
      return { error: coreError('GENERATOR_INVALID', `cannot add key ${e.key}, another key by that name already exists`, kustPath) };
    }
    seen.add(e.key);
    if (kind === 'Secret') data[e.key] = foldBase64(base64(e.bytes ?? enc.encode(e.text ?? '')));
    else if (e.bytes) binaryData[e.key] = foldBase64(base64(e.bytes));
    else data[e.key] = e.text ?? '';
  }
  const opts = mergeOptions(readOptions(spec.options), globalOptions);
  const metadata: JsonObject = { name };
  if (typeof spec.namespace === 'string' && spec.namespace !== '') metadata.namespace = spec.namespace;
  if (Object.keys(opts.labels).length > 0) metadata.labels = { ...opts.labels };
  if (Object.keys(opts.annotations).length > 0) metadata.annotations = { ...opts.annotations };
  const obj: JsonObject = { apiVersion: 'v1', kind, metadata };
  if (Object.keys(data).length > 0) obj.data = data;
  if (Object.keys(binaryData).length > 0) obj.binaryData = binaryData;
  if (kind === 'Secret') obj.type = typeof spec.type === 'string' && spec.type !== '' ? spec.type : 'Opaque';
  if (opts.immutable) obj.immutable = true;
  const res = new Resource(obj);
  const behavior = spec.behavior === 'merge' || spec.behavior === 'replace' ? spec.behavior : 'create';
  res.generator = { behavior, hash: !opts.disableNameSuffixHash };
  return { res };
}
