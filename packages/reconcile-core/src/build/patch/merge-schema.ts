import type { JsonValue } from '../../yaml/parse.js';
import { isObject, str } from '../resource.js';
import { K8S_MERGE_DEFS, K8S_MERGE_ROOTS, type MergeProp } from './k8s-merge-schema.gen.js';

/** A table of definitions (property → object/list element definition and patch strategy) with roots by kind. */
export interface MergeTable {
  defs: Record<string, MergeProp>[];
  roots: Record<string, number>;
}

export const BUILTIN_MERGE_TABLE: MergeTable = { defs: K8S_MERGE_DEFS, roots: K8S_MERGE_ROOTS };

/**
 * Where the strategic merge walker is in the schema: a map definition (`def`) and/or the property that
 * led here (`prop`, which carries a list's patch strategy and merge keys).
 */
export interface SchemaNode {
  table: MergeTable;
  def?: number;
  prop?: MergeProp;
}

export function rootSchema(table: MergeTable, node: JsonValue | undefined): SchemaNode | undefined {
  if (!isObject(node)) return undefined;
  const apiVersion = str(node.apiVersion), kind = str(node.kind);
  if (!apiVersion || !kind) return undefined;
  const def = table.roots[`${apiVersion}|${kind}`];
  return def === undefined ? undefined : { table, def };
}

export function fieldSchema(s: SchemaNode | undefined, name: string): SchemaNode | undefined {
  if (!s || s.def === undefined) return undefined;
  const prop = s.table.defs[s.def]?.[name];
  if (!prop) return undefined;
  const out: SchemaNode = { table: s.table, prop };
  if (prop.r !== undefined) out.def = prop.r;
  return out;
}

export function elementSchema(s: SchemaNode | undefined): SchemaNode | undefined {
  if (!s?.prop || s.prop.i === undefined) return undefined;
  return { table: s.table, def: s.prop.i };
}

/** kyaml's schemaHasMergeStrategy: the list merges by key when its patch strategy includes "merge". */
export function listStrategy(s: SchemaNode | undefined): { keys: string[] } | undefined {
  const strategy = s?.prop?.s;
  if (!strategy || !strategy.split(',').includes('merge')) return undefined;
  return { keys: s?.prop?.k ?? [] };
}

/** Builds a table from an `openapi:` document (OpenAPI v2 definitions with $refs). */
export function tableFromOpenApi(doc: JsonValue): MergeTable {
  const defs: Record<string, MergeProp>[] = [];
  const roots: Record<string, number> = {};
  if (!isObject(doc) || !isObject(doc.definitions)) return { defs, roots };
  const definitions = doc.definitions;
  const index = new Map<string, number>();
  const refName = (v: JsonValue | undefined): string | undefined => {
    const r = isObject(v) ? str(v.$ref) : '';
    return r ? r.slice(r.lastIndexOf('/') + 1) : undefined;
  };
  // Inline object schemas get their own synthetic definitions.
  const define = (schema: JsonValue, name: string): number => {
    const existing = index.get(name);
    if (existing !== undefined) return existing;
    const id = defs.length;
    index.set(name, id);
    defs.push({});
    const props: Record<string, MergeProp> = {};
    const p = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
    for (const [k, v] of Object.entries(p)) {
      if (!isObject(v)) continue;
      const prop: MergeProp = {};
      const r = refName(v);
      if (r && isObject(definitions[r])) prop.r = define(definitions[r] as JsonValue, r);
      else if (isObject(v.properties)) prop.r = define(v, `${name}.${k}`);
      const items = v.items;
      if (isObject(items)) {
        const ir = refName(items);
        if (ir && isObject(definitions[ir])) prop.i = define(definitions[ir] as JsonValue, ir);
        else if (isObject(items.properties)) prop.i = define(items, `${name}.${k}[]`);
      }
      const strategy = str(v['x-kubernetes-patch-strategy']);
      if (strategy) {
        prop.s = strategy;
        const mapKeys = v['x-kubernetes-list-map-keys'];
        const mk = str(v['x-kubernetes-patch-merge-key']);
        prop.k = Array.isArray(mapKeys) ? mapKeys.filter((x): x is string => typeof x === 'string') : mk ? [mk] : [];
      }
      props[k] = prop;
    }
    defs[id] = props;
    return id;
  };
  for (const [name, def] of Object.entries(definitions)) {
    if (!isObject(def)) continue;
    const id = define(def, name);
    const gvks = def['x-kubernetes-group-version-kind'];
    if (Array.isArray(gvks)) {
      for (const g of gvks) {
        if (!isObject(g)) continue;
        const api = str(g.group) ? `${str(g.group)}/${str(g.version)}` : str(g.version);
        roots[`${api}|${str(g.kind)}`] = id;
      }
    }
  }
  return { defs, roots };
}
