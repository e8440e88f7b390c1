import type { JsonObject, JsonValue } from '../yaml/parse.js';
import { isClusterScopedKind } from './cluster-scoped.js';

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface ResId extends Gvk {
  name: string;
  namespace: string;
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function gvkString(g: Gvk): string {
  return `${g.group || '~G'}_${g.version || '~V'}_${g.kind || '~K'}`;
}

export function idString(id: ResId): string {
  const ns = id.namespace ? `${id.namespace}/` : '';
  return `${id.kind}/${ns}${id.name}`;
}

/** kustomize treats an unset namespace and "default" as the same place for namespaced kinds. */
export function effectiveNamespace(id: { namespace: string; kind: string }): string {
  if (isClusterScopedKind(id.kind)) return '';
  return id.namespace === '' ? 'default' : id.namespace;
}

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

export interface GeneratorInfo {
  behavior: 'create' | 'merge' | 'replace';
  hash: boolean;
}

/** One object plus the history kustomize keeps beside it (previous ids, applied prefixes/suffixes). */
/** Where an object came from, for buildMetadata: [originAnnotations]. Paths are tree-relative. */
export type Origin = { path: string } | { configuredIn: string; generator: 'ConfigMapGenerator' | 'SecretGenerator' };

export class Resource {
  origin: Origin | undefined;
  prevIds: ResId[] = [];
  prefixes: string[] = [];
  suffixes: string[] = [];
  generator: GeneratorInfo | undefined;
  constructor(public obj: JsonObject) {}

  get metadata(): JsonObject {
    let m = this.obj.metadata;
    if (!isObject(m)) {
      m = {};
      this.obj.metadata = m;
    }
    return m;
  }
  get apiVersion(): string {
    return str(this.obj.apiVersion);
  }
  get kind(): string {
    return str(this.obj.kind);
  }
  get name(): string {
    return isObject(this.obj.metadata) ? str(this.obj.metadata.name) : '';
  }
  set name(n: string) {
    this.metadata.name = n;
  }
  get namespace(): string {
    return isObject(this.obj.metadata) ? str(this.obj.metadata.namespace) : '';
  }
  set namespace(ns: string) {
    this.metadata.namespace = ns;
  }
  private gvkCache: { apiVersion: string; kind: string; gvk: Gvk } | undefined;
  gvk(): Gvk {
    const apiVersion = this.apiVersion, kind = this.kind;
    const c = this.gvkCache;
    if (c && c.apiVersion === apiVersion && c.kind === kind) return c.gvk;
    const gvk = { ...parseApiVersion(apiVersion), kind };
    this.gvkCache = { apiVersion, kind, gvk };
    return gvk;
  }
  curId(): ResId {
    return { ...this.gvk(), name: this.name, namespace: this.namespace };
  }
  orgId(): ResId {
    return this.prevIds[0] ?? this.curId();
  }
  allIds(): ResId[] {
    return [...this.prevIds, this.curId()];
  }
  storePreviousId(): void {
    this.prevIds.push(this.curId());
  }
  isClusterScoped(): boolean {
    return isClusterScopedKind(this.kind);
  }
  labels(): Record<string, string> {
    const l = isObject(this.obj.metadata) ? this.obj.metadata.labels : undefined;
    return isObject(l) ? (l as Record<string, string>) : {};
  }
  annotations(): Record<string, string> {
    const a = isObject(this.obj.metadata) ? this.obj.metadata.annotations : undefined;
    return isObject(a) ? (a as Record<string, string>) : {};
  }
  clone(): Resource {
    const r = new Resource(deepClone(this.obj) as JsonObject);
    r.prevIds = this.prevIds.map((i) => ({ ...i }));
    r.prefixes = [...this.prefixes];
    r.suffixes = [...this.suffixes];
    r.generator = this.generator ? { ...this.generator } : undefined;
    r.origin = this.origin;
    return r;
  }
}

export function deepClone(v: JsonValue): JsonValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(deepClone);
  const out: JsonObject = {};
  for (const k of Object.keys(v)) {
    const x = deepClone(v[k] as JsonValue);
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out;
}

export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ak = Object.keys(a), bk = Object.keys(b as JsonObject);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as JsonObject)[k], (b as JsonObject)[k]));
}
