import type { JsonObject, JsonValue } from '../yaml/parse.js';
import { parseYamlDocuments } from '../yaml/parse.js';
import { defaultYamlLimits, type YamlLimits } from '../yaml/limits.js';
import { failBuild } from './build-error.js';
import { mergeTransformerConfig, type TransformerConfig, type NameRefEntry } from './builtin-config.js';
import type { FieldSpec } from './field-spec.js';
import { basename, dirname, fileText, joinPath, type TreeIndex } from './file-tree.js';
import { mergeOptions, readOptions, runGenerator } from './generators.js';
import { KUSTOMIZATION_FILE_NAMES, objectList, stringList, stringMap, validateKustomization, type Kustomization } from './kustomization.js';
import { effectiveNamespace, idString, isObject, str, Resource } from './resource.js';
import { readSelector } from './selector.js';
import { addToMaps } from './transformers/metadata-maps.js';
import { readImages, transformImages } from './transformers/images.js';
import { transformNamespace } from './transformers/namespace.js';
import { applyJsonPatches, applySmpPatches } from './transformers/patches.js';
import { tableFromOpenApi, type MergeTable } from './patch/merge-schema.js';
import { transformPrefixSuffix } from './transformers/prefix-suffix.js';
import { applyReplacements } from './transformers/replacements.js';
import { transformReplicas } from './transformers/replicas.js';
import { readVars, type VarDef } from './vars.js';

export interface Accumulator {
  resources: Resource[];
  config: TransformerConfig;
  vars: VarDef[];
  /** Ids of `resources`, kept while only appends happen; dropped when a transformer may rename. */
  idKeys?: Set<string>;
}

export interface BuildContext {
  index: TreeIndex;
  limits: YamlLimits;
  maxResources: number;
  stack: string[];
  /** Strategic-merge schema: Kubernetes' own, or the one an `openapi:` field supplies instead. */
  mergeTable: MergeTable;
}

// `openapi: {path}` replaces the built-in schema for strategic merges (kustomize drops Kubernetes' own).
function loadOpenApi(ctx: BuildContext, dir: string, k: Kustomization): void {
  const o = k.raw.openapi;
  if (!isObject(o) || typeof o.path !== 'string') return;
  const docs = readFileIn(ctx, dir, o.path, k.path);
  if (docs[0] !== undefined) ctx.mergeTable = tableFromOpenApi(docs[0]);
}

const REMOTE_RE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|^git::/i;

export function findKustomizationFile(ctx: BuildContext, dir: string): string | undefined {
  const found = KUSTOMIZATION_FILE_NAMES.map((n) => joinPath(dir, n) as string).filter((p) => ctx.index.isFile(p));
  if (found.length > 1) failBuild('MULTIPLE_KUSTOMIZATIONS', `found multiple kustomization files: ${found.join(', ')}`, dir || '.');
  return found[0];
}

export function readYaml(ctx: BuildContext, path: string, yaml11Booleans = false): JsonValue[] {
  const content = ctx.index.tree.get(path);
  if (content === undefined) failBuild('RESOURCE_NOT_FOUND', `file ${path} not found`, path);
  const size = typeof content === 'string' ? content.length : content.byteLength;
  if (size > ctx.limits.maxBytes) failBuild('FILE_TOO_LARGE', `file is larger than ${ctx.limits.maxBytes} bytes`, path);
  const text = fileText(content);
  if (text === undefined) failBuild('YAML_PARSE_ERROR', 'file is not valid UTF-8', path);
  return parseYamlText(text, path, ctx.limits, yaml11Booleans);
}

export function parseYamlText(text: string, path: string, limits: YamlLimits = defaultYamlLimits, yaml11Booleans = false): JsonValue[] {
  const r = parseYamlDocuments(text, path, limits, { yaml11Booleans });
  if (!r.ok) {
    const e = r.errors[0];
    failBuild((e?.code ?? 'YAML_PARSE_ERROR') as 'YAML_PARSE_ERROR', e?.message ?? 'invalid YAML', path);
  }
  return r.value;
}

export function loadKustomization(ctx: BuildContext, dir: string, file: string): Kustomization {
  const docs = readYaml(ctx, file, true);
  if (docs.length > 1) failBuild('KUSTOMIZATION_INVALID', 'kustomization file holds more than one document', file);
  const { k, error } = validateKustomization(docs[0] ?? null, file);
  if (error) failBuild(error.code as 'KUSTOMIZATION_INVALID', error.message, error.path);
  if (!k) failBuild('KUSTOMIZATION_INVALID', 'invalid kustomization', file);
  void dir;
  return k;
}

function toResources(docs: JsonValue[], path: string): Resource[] {
  const out: Resource[] = [];
  const push = (d: JsonValue): void => {
    if (!isObject(d)) failBuild('RESOURCE_INVALID', 'document is not a mapping', path);
    const kind = str(d.kind);
    if (kind.endsWith('List') && Array.isArray(d.items)) {
      for (const item of d.items) push(item);
      return;
    }
    if (!kind) failBuild('RESOURCE_INVALID', 'missing kind in object', path);
    if (!isObject(d.metadata) || !str(d.metadata.name)) {
      failBuild('RESOURCE_INVALID', `missing metadata.name in object ${kind}`, path);
    }
    const r = new Resource(d);
    r.origin = { path };
    out.push(r);
  };
  for (const d of docs) push(d);
  return out;
}

function idKey(r: Resource): string {
  const x = r.curId();
  return `${x.group}|${x.version}|${x.kind}|${effectiveNamespace(x)}|${x.name}`;
}

function append(ctx: BuildContext, acc: Accumulator, res: Resource[], path: string): void {
  const seen = acc.idKeys ?? new Set(acc.resources.map(idKey));
  acc.idKeys = seen;
  for (const r of res) {
    const key = idKey(r);
    if (seen.has(key)) failBuild('DUPLICATE_OBJECT', `may not add resource with an already registered id: ${idString(r.curId())}`, path);
    seen.add(key);
    acc.resources.push(r);
  }
  if (acc.resources.length > ctx.maxResources) failBuild('LIMIT_EXCEEDED', `more than ${ctx.maxResources} objects`, path);
}

function resolveEntry(dir: string, entry: string, kustPath: string): string {
  if (REMOTE_RE.test(entry)) failBuild('REMOTE_BASE_REFUSED', `remote resource "${entry}" is not fetched by the build; vendor it into the source`, kustPath);
  if (entry.startsWith('/')) failBuild('PATH_ESCAPES_ROOT', `absolute path "${entry}" is not allowed`, kustPath);
  const p = joinPath(dir, entry);
  if (p === undefined) failBuild('PATH_ESCAPES_ROOT', `"${entry}" is outside the source root`, kustPath);
  return p;
}

// Files a kustomization reads (resources, patches, generator inputs) must sit in or below its directory.
function requireWithin(dir: string, p: string, entry: string, kustPath: string): void {
  if (dir !== '' && p !== dir && !p.startsWith(`${dir}/`)) {
    failBuild('PATH_ESCAPES_ROOT', `security; file '${entry}' is not in or below '${dir}'`, kustPath);
  }
}

function readFileIn(ctx: BuildContext, dir: string, entry: string, kustPath: string): JsonValue[] {
  const p = resolveEntry(dir, entry, kustPath);
  requireWithin(dir, p, entry, kustPath);
  if (!ctx.index.isFile(p)) failBuild('RESOURCE_NOT_FOUND', `file '${entry}' not found`, kustPath);
  return readYaml(ctx, p);
}

function readConfigFile(ctx: BuildContext, dir: string, entry: string, kustPath: string): Partial<TransformerConfig> {
  const docs = readFileIn(ctx, dir, entry, kustPath);
  const out: Partial<TransformerConfig> = {};
  for (const d of docs) {
    if (!isObject(d)) continue;
    for (const key of ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'templateLabels', 'commonAnnotations', 'varReference', 'images', 'replicas'] as const) {
      const v = d[key];
      if (Array.isArray(v)) out[key] = [...(out[key] ?? []), ...v.filter(isObject).map(toFieldSpec)];
    }
    if (Array.isArray(d.nameReference)) {
      out.nameReference = [
        ...(out.nameReference ?? []),
        ...d.nameReference.filter(isObject).map((e): NameRefEntry => {
          const entry: NameRefEntry = { kind: str(e.kind), fieldSpecs: Array.isArray(e.fieldSpecs) ? e.fieldSpecs.filter(isObject).map(toFieldSpec) : [] };
          if (str(e.group)) entry.group = str(e.group);
          if (str(e.version)) entry.version = str(e.version);
          return entry;
        }),
      ];
    }
  }
  return out;
}

function toFieldSpec(o: JsonObject): FieldSpec {
  const f: FieldSpec = { path: str(o.path) };
  if (str(o.group)) f.group = str(o.group);
  if (str(o.version)) f.version = str(o.version);
  if (str(o.kind)) f.kind = str(o.kind);
  if (o.create === true) f.create = true;
  return f;
}

// CRD documents may mark fields as references to other kinds (x-kubernetes-object-ref-kind/-name-key).
function crdConfig(ctx: BuildContext, dir: string, entry: string, kustPath: string): Partial<TransformerConfig> {
  const docs = readFileIn(ctx, dir, entry, kustPath);
  const refs: NameRefEntry[] = [];
  const walk = (node: JsonValue, path: string[], kind: string): void => {
    if (!isObject(node)) return;
    const refKind = str(node['x-kubernetes-object-ref-kind']);
    if (refKind) {
      const nameKey = str(node['x-kubernetes-object-ref-name-key']) || 'name';
      const fsPath = [...path, nameKey].join('/');
      const spec: FieldSpec = { path: fsPath, kind };
      const e = refs.find((r) => r.kind === refKind);
      if (e) e.fieldSpecs.push(spec);
      else refs.push({ kind: refKind, fieldSpecs: [spec] });
    }
    const props = node.properties;
    if (isObject(props)) for (const [k, v] of Object.entries(props)) walk(v, [...path, k], kind);
    if (isObject(node.items)) walk(node.items, path, kind);
  };
  for (const d of docs) {
    if (!isObject(d)) continue;
    // OpenAPI definitions form: { "definitions": { "<name>": { "x-kubernetes-group-version-kind": [...], properties } } }
    if (isObject(d.definitions)) {
      for (const def of Object.values(d.definitions)) {
        if (!isObject(def)) continue;
        const gvks = def['x-kubernetes-group-version-kind'];
        const gvk = Array.isArray(gvks) && isObject(gvks[0]) ? gvks[0] : undefined;
        if (gvk) walk(def, [], str(gvk.kind));
      }
      continue;
    }
    // kustomize's legacy CRD form: { "<group>/<version>.<Kind>": { Schema: {...}, Dependencies } } with $refs.
    const defs = d;
    const resolve = (node: JsonValue, depth: number): JsonValue => {
      if (depth > 20 || !isObject(node)) return node;
      const ref = str(node.$ref);
      const target = ref && isObject(defs[ref]) ? (defs[ref] as JsonObject) : undefined;
      if (!target) return node;
      const schema = isObject(target.Schema) ? target.Schema : target;
      return { ...schema, ...Object.fromEntries(Object.entries(node).filter(([k]) => k !== '$ref')) };
    };
    const walkLegacy = (node: JsonValue, path: string[], kind: string, depth: number): void => {
      const n = resolve(node, depth);
      if (!isObject(n) || depth > 20) return;
      const refKind = str(n['x-kubernetes-object-ref-kind']);
      if (refKind && path.length > 0) {
        const nameKey = str(n['x-kubernetes-object-ref-name-key']) || 'name';
        const spec: FieldSpec = { path: [...path, nameKey].join('/'), kind };
        const e = refs.find((r) => r.kind === refKind);
        if (e) e.fieldSpecs.push(spec);
        else refs.push({ kind: refKind, fieldSpecs: [spec] });
      }
      if (isObject(n.properties)) for (const [k, v] of Object.entries(n.properties)) walkLegacy(v, [...path, k], kind, depth + 1);
    };
    for (const [name, def] of Object.entries(defs)) {
      if (!isObject(def)) continue;
      const schema = isObject(def.Schema) ? def.Schema : undefined;
      if (!schema || !isObject(schema.properties) || !('kind' in schema.properties)) continue;
      walkLegacy(schema, [], name.slice(name.lastIndexOf('.') + 1), 0);
    }
  }
  return refs.length > 0 ? { nameReference: refs } : {};
}

/** Builds the kustomization in `dir` into a fresh accumulator (a base or the top level). */
export function buildDirectory(ctx: BuildContext, dir: string, top = false): Accumulator {
  if (ctx.stack.includes(dir)) failBuild('CYCLE', `cycle in kustomization references: ${[...ctx.stack, dir].join(' -> ')}`, dir || '.');
  const file = findKustomizationFile(ctx, dir);
  if (!file) failBuild('KUSTOMIZATION_NOT_FOUND', `unable to find one of ${KUSTOMIZATION_FILE_NAMES.map((n) => `'${n}'`).join(', ')} in directory '${dir || '.'}'`, dir || '.');
  const k = loadKustomization(ctx, dir, file);
  // A Component may be built on its own, but not included as a resource.
  if (k.kind === 'Component' && !top) failBuild('COMPONENT_INVALID', `expected kind != 'Component' for path '${dir}'`, file);
  ctx.stack.push(dir);
  try {
    const acc: Accumulator = { resources: [], config: initialConfig(), vars: [] };
    accumulateTarget(ctx, dir, k, acc);
    return acc;
  } finally {
    ctx.stack.pop();
  }
}

let configFactory: () => TransformerConfig;
export function setConfigFactory(f: () => TransformerConfig): void {
  configFactory = f;
}
function initialConfig(): TransformerConfig {
  return configFactory();
}

function accumulateResources(ctx: BuildContext, dir: string, k: Kustomization, acc: Accumulator): void {
  const entries = [...stringList(k.raw.resources), ...stringList(k.raw.bases)];
  for (const entry of entries) {
    const p = resolveEntry(dir, entry, k.path);
    if (ctx.index.isFile(p)) {
      requireWithin(dir, p, entry, k.path);
      append(ctx, acc, toResources(readYaml(ctx, p), p), p);
    } else if (ctx.index.isDir(p)) {
      const sub = buildDirectory(ctx, p);
      append(ctx, acc, sub.resources, p);
      acc.config = mergeTransformerConfig(acc.config, sub.config);
      for (const v of sub.vars) {
        if (acc.vars.some((x) => x.name === v.name)) failBuild('VAR_INVALID', `var '${v.name}' already encountered`, k.path);
        acc.vars.push(v);
      }
    } else {
      failBuild('RESOURCE_NOT_FOUND', `accumulating resources: '${entry}' must be a file or a directory with a kustomization`, k.path);
    }
  }
}

function accumulateComponents(ctx: BuildContext, dir: string, k: Kustomization, acc: Accumulator): void {
  for (const entry of stringList(k.raw.components)) {
    const p = resolveEntry(dir, entry, k.path);
    if (!ctx.index.isDir(p)) failBuild('RESOURCE_NOT_FOUND', `component '${entry}' must be a directory`, k.path);
    if (ctx.stack.includes(p)) failBuild('CYCLE', `cycle in kustomization references at component ${p}`, k.path);
    const file = findKustomizationFile(ctx, p);
    if (!file) failBuild('KUSTOMIZATION_NOT_FOUND', `no kustomization file in component '${p}'`, k.path);
    const ck = loadKustomization(ctx, p, file);
    if (ck.kind !== 'Component') failBuild('COMPONENT_INVALID', `expected kind 'Component' for path '${p}' but got 'Kustomization'`, file);
    ctx.stack.push(p);
    try {
      accumulateTarget(ctx, p, ck, acc);
    } finally {
      ctx.stack.pop();
    }
  }
}

function runGenerators(ctx: BuildContext, dir: string, k: Kustomization, acc: Accumulator): void {
  const global = readOptions(k.raw.generatorOptions);
  const gens: [ 'ConfigMap' | 'Secret', JsonObject][] = [
    ...objectList(k.raw.configMapGenerator).map((g) => ['ConfigMap', g] as ['ConfigMap', JsonObject]),
    ...objectList(k.raw.secretGenerator).map((g) => ['Secret', g] as ['Secret', JsonObject]),
  ];
  // Index ConfigMaps and Secrets by every name they had, so each generator finds its merge target quickly.
  const byName = new Map<string, Resource[]>();
  const index = (r: Resource): void => {
    if (r.kind !== 'ConfigMap' && r.kind !== 'Secret') return;
    for (const id of r.allIds()) {
      const key = `${id.kind}|${id.name}`;
      const list = byName.get(key);
      if (!list) byName.set(key, [r]);
      else if (!list.includes(r)) list.push(r);
    }
  };
  if (gens.length > 0) acc.resources.forEach(index);
  for (const [kind, spec] of gens) {
    const { res, error } = runGenerator(kind, spec, global, dir, ctx.index, k.path);
    if (error) failBuild(error.code as 'GENERATOR_INVALID', error.message, error.path);
    if (!res) continue;
    res.origin = { configuredIn: k.path, generator: kind === 'ConfigMap' ? 'ConfigMapGenerator' : 'SecretGenerator' };
    const id = res.curId();
    const matches = (byName.get(`${id.kind}|${id.name}`) ?? []).filter(
      (r) => acc.resources.includes(r) && r.allIds().some((x) => x.kind === id.kind && x.name === id.name && effectiveNamespace(x) === effectiveNamespace(id)),
    );
    const behavior = res.generator?.behavior ?? 'create';
    if (matches.length === 0) {
      if (behavior !== 'create') failBuild('GENERATOR_CONFLICT', `id ${idString(id)} does not exist; cannot merge or replace`, k.path);
      append(ctx, acc, [res], k.path);
      index(res);
      continue;
    }
    if (matches.length > 1) failBuild('GENERATOR_CONFLICT', `found multiple objects that could accept merge of ${idString(id)}`, k.path);
    const old = matches[0] as Resource;
    if (behavior === 'create') failBuild('GENERATOR_CONFLICT', `id ${idString(id)} exists; behavior must be merge or replace`, k.path);
    const m = res.metadata;
    const oldLabels = old.labels(), oldAnn = old.annotations();
    const labels = { ...oldLabels, ...stringMap(m.labels) };
    const ann = { ...oldAnn, ...stringMap(m.annotations) };
    if (Object.keys(labels).length > 0) m.labels = labels;
    if (Object.keys(ann).length > 0) m.annotations = ann;
    m.name = old.name;
    if (old.namespace) m.namespace = old.namespace;
    else delete m.namespace;
    if (behavior === 'merge') {
      for (const field of ['data', 'binaryData'] as const) {
        const o = old.obj[field];
        const n = res.obj[field];
        if (isObject(o) || isObject(n)) res.obj[field] = { ...(isObject(o) ? o : {}), ...(isObject(n) ? n : {}) };
      }
    }
    res.prevIds = old.prevIds;
    res.prefixes = old.prefixes;
    res.suffixes = old.suffixes;
    if (res.generator && old.generator) res.generator.hash = res.generator.hash && old.generator.hash;
    else if (res.generator && !old.generator) res.generator.hash = res.generator.hash && false;
    acc.resources[acc.resources.indexOf(old)] = res;
    index(res);
  }
  void mergeOptions;
}

function patchSource(ctx: BuildContext, dir: string, p: JsonObject, kustPath: string): { docs: JsonValue[]; where: string } {
  if (typeof p.path === 'string' && p.path !== '') return { docs: readFileIn(ctx, dir, p.path, kustPath), where: joinPath(dir, p.path) ?? p.path };
  if (typeof p.patch === 'string') return { docs: parseYamlText(p.patch, kustPath, ctx.limits), where: kustPath };
  failBuild('PATCH_INVALID', 'patch has neither path nor patch', kustPath);
}

function isJsonPatch(docs: JsonValue[]): boolean {
  return docs.length === 1 && Array.isArray(docs[0]);
}

function runTransformers(ctx: BuildContext, dir: string, k: Kustomization, acc: Accumulator): void {
  const raw = k.raw;
  // 1. patchesStrategicMerge (legacy)
  for (const entry of stringList(raw.patchesStrategicMerge)) {
    let docs: JsonValue[];
    const p = joinPath(dir, entry);
    if (!entry.includes('\n') && p !== undefined && ctx.index.isFile(p)) docs = readFileIn(ctx, dir, entry, k.path);
    else if (entry.includes('\n') || entry.includes(':')) docs = parseYamlText(entry, k.path, ctx.limits);
    else docs = readFileIn(ctx, dir, entry, k.path);
    acc.resources = applySmpPatches(acc.resources, docs.filter(isObject), undefined, { allowNameChange: false, allowKindChange: false }, k.path, ctx.mergeTable);
  }
  // 2. patches
  for (const p of objectList(raw.patches)) {
    const { docs, where } = patchSource(ctx, dir, p, k.path);
    const target = isObject(p.target) ? readSelector(p.target) : undefined;
    const o = isObject(p.options) ? p.options : {};
    if (isJsonPatch(docs)) {
      if (!target) failBuild('PATCH_INVALID', 'a JSON 6902 patch needs a target', where);
      applyJsonPatches(acc.resources, docs[0] as JsonValue[], target, where);
    } else {
      acc.resources = applySmpPatches(acc.resources, docs.filter(isObject), target, { allowNameChange: o.allowNameChange === true, allowKindChange: o.allowKindChange === true }, where, ctx.mergeTable);
    }
  }
  // 3. namespace
  const ns = str(raw.namespace);
  if (ns) transformNamespace(acc.resources, ns, acc.config.namespace);
  // 4/5. prefix, suffix
  transformPrefixSuffix(acc.resources, str(raw.namePrefix), str(raw.nameSuffix));
  // 6. labels
  addToMaps(acc.resources, stringMap(raw.commonLabels), acc.config.commonLabels);
  for (const l of objectList(raw.labels)) {
    const pairs = stringMap(l.pairs);
    let specs: FieldSpec[];
    if (l.includeSelectors === true) specs = acc.config.commonLabels;
    else if (l.includeTemplates === true) specs = acc.config.templateLabels;
    else specs = [{ path: 'metadata/labels', create: true }];
    if (Array.isArray(l.fields)) specs = [...specs, ...l.fields.filter(isObject).map(toFieldSpec)];
    addToMaps(acc.resources, pairs, specs);
  }
  // 7. annotations
  addToMaps(acc.resources, stringMap(raw.commonAnnotations), acc.config.commonAnnotations);
  // 8. patchesJson6902 (legacy)
  for (const p of objectList(raw.patchesJson6902)) {
    const { docs, where } = patchSource(ctx, dir, p, k.path);
    const target = readSelector(p.target);
    const ops = isJsonPatch(docs) ? (docs[0] as JsonValue[]) : [];
    applyJsonPatches(acc.resources, ops, target, where);
  }
  // 9. replicas
  transformReplicas(acc.resources, raw.replicas, acc.config.replicas, k.path);
  // 10. images
  const builtinImagePaths = new Set(['spec/containers[]/image', 'spec/initContainers[]/image', 'spec/template/spec/containers[]/image', 'spec/template/spec/initContainers[]/image']);
  transformImages(acc.resources, readImages(raw.images ?? raw.imageTags), acc.config.images.filter((f) => !builtinImagePaths.has(f.path) || f.kind !== undefined));
  // 11. replacements
  const reps: JsonObject[] = [];
  for (const r of objectList(raw.replacements)) {
    if (typeof r.path === 'string') {
      for (const d of readFileIn(ctx, dir, r.path, k.path)) {
        if (Array.isArray(d)) reps.push(...d.filter(isObject));
        else if (isObject(d)) reps.push(d);
      }
    } else reps.push(r);
  }
  if (reps.length > 0) applyReplacements(acc.resources, reps, k.path);
}

export function accumulateTarget(ctx: BuildContext, dir: string, k: Kustomization, acc: Accumulator): void {
  loadOpenApi(ctx, dir, k);
  acc.idKeys = undefined;
  accumulateResources(ctx, dir, k, acc);
  acc.idKeys = undefined;
  for (const c of stringList(k.raw.configurations)) acc.config = mergeTransformerConfig(acc.config, readConfigFile(ctx, dir, c, k.path));
  for (const c of stringList(k.raw.crds)) acc.config = mergeTransformerConfig(acc.config, crdConfig(ctx, dir, c, k.path));
  accumulateComponents(ctx, dir, k, acc);
  acc.idKeys = undefined;
  runGenerators(ctx, dir, k, acc);
  acc.idKeys = undefined;
  runTransformers(ctx, dir, k, acc);
  for (const v of readVars(k.raw.vars, k.path)) {
    if (acc.vars.some((x) => x.name === v.name)) failBuild('VAR_INVALID', `var '${v.name}' already encountered`, k.path);
    acc.vars.push(v);
  }
}

export { dirname, basename };
