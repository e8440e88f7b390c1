import type { JsonObject } from '../yaml/parse.js';
import { emitYaml } from '../yaml/emit.js';
import { defaultYamlLimits, type YamlLimits } from '../yaml/limits.js';
import { fail, ok, type Result } from '../errors.js';
import { accumulateTarget, buildDirectory, findKustomizationFile, loadKustomization, setConfigFactory, type Accumulator, type BuildContext } from './accumulate.js';
import { BuildFailure, failBuild } from './build-error.js';
import { defaultTransformerConfig } from './builtin-config.js';
import { joinPath, TreeIndex, type FileTree } from './file-tree.js';
import { KUSTOMIZATION_FILE_NAMES, type Kustomization } from './kustomization.js';
import { generatedNameHash } from './name-hash.js';
import { fixNameReferences } from './name-reference.js';
import { isObject, stringListOf, type Resource } from './build-helpers.js';
import { legacySort } from './sort.js';
import { BUILTIN_MERGE_TABLE } from './patch/merge-schema.js';
import { resolveVars } from './vars.js';

setConfigFactory(defaultTransformerConfig);

export interface BuildOptions {
  limits?: Partial<YamlLimits>;
  /** Most objects a build may produce. */
  maxResources?: number;
}

export interface BuildOutput {
  objects: JsonObject[];
  /** The build as `kustomize build` prints it. */
  yaml: string;
}

// Flux's behaviour for a path without a kustomization file (kustomize-controller's generator): walk the
// directory in lexical order, add every .yaml/.yml file, and add a sub-directory that has its own
// kustomization as a whole without descending into it.
function generatedKustomization(index: TreeIndex, dir: string): Kustomization {
  const resources: string[] = [];
  const prefix = dir === '' ? '' : `${dir}/`;
  const hasKustomization = (d: string): boolean => KUSTOMIZATION_FILE_NAMES.some((n) => index.isFile(`${d}/${n}`));
  const walk = (d: string): void => {
    for (const e of index.entries(d)) {
      if (e.isDir) {
        if (hasKustomization(e.path)) resources.push(e.path.slice(prefix.length));
        else walk(e.path);
      } else if (e.name.endsWith('.yaml') || e.name.endsWith('.yml')) {
        resources.push(e.path.slice(prefix.length));
      }
    }
  };
  walk(dir);
  return { kind: 'Kustomization', raw: { resources }, path: dir || '.' };
}

function hashGeneratedNames(resources: Resource[]): void {
  for (const r of resources) {
    if (!r.generator?.hash) continue;
    const h = generatedNameHash(r.obj);
    r.storePreviousId();
    r.name = `${r.name}-${h}`;
  }
}

function relativePath(fromDir: string, to: string): string {
  const a = fromDir === '' ? [] : fromDir.split('/');
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...Array(a.length - i).fill('..'), ...b.slice(i)].join('/');
}

// buildMetadata: [originAnnotations] records each object's source file or generator.
function addOriginAnnotations(resources: Resource[], topDir: string): void {
  for (const r of resources) {
    const o = r.origin;
    if (!o) continue;
    const text =
      'path' in o
        ? `path: ${relativePath(topDir, o.path)}\n`
        : `configuredIn: ${relativePath(topDir, o.configuredIn)}\nconfiguredBy:\n  apiVersion: builtin\n  kind: ${o.generator}\n`;
    const m = r.metadata;
    const ann = isObject(m.annotations) ? m.annotations : {};
    ann['config.kubernetes.io/origin'] = text;
    m.annotations = ann;
  }
}

function sortOrder(k: Kustomization | undefined, resources: Resource[]): Resource[] {
  const so = k && isObject(k.raw.sortOptions) ? k.raw.sortOptions : undefined;
  if (so?.order === 'fifo') return resources;
  const lso = so && isObject(so.legacySortOptions) ? so.legacySortOptions : undefined;
  if (lso) return legacySort(resources, stringListOf(lso.orderFirst), stringListOf(lso.orderLast));
  return legacySort(resources);
}

/** Builds `path` (relative to the tree root) like `kustomize build`, faithfully to kustomize v5.5.0. */
export function buildKustomization(tree: FileTree, path: string, options: BuildOptions = {}): Result<BuildOutput> {
  const dir = path === '.' || path === '' ? '' : joinPath('', path);
  const ctx: BuildContext = {
    index: new TreeIndex(tree),
    limits: { ...defaultYamlLimits, ...options.limits },
    maxResources: options.maxResources ?? 100_000,
    stack: [],
    mergeTable: BUILTIN_MERGE_TABLE,
  };
  try {
    if (dir === undefined) failBuild('PATH_ESCAPES_ROOT', `build path "${path}" is outside the source root`, path);
    if (!ctx.index.isDir(dir)) failBuild('KUSTOMIZATION_NOT_FOUND', `directory "${path}" does not exist`, path);
    let acc: Accumulator;
    let top: Kustomization | undefined;
    const file = findKustomizationFile(ctx, dir);
    if (file) {
      top = loadKustomization(ctx, dir, file);
      acc = buildDirectory(ctx, dir, true);
    } else {
      top = generatedKustomization(ctx.index, dir);
      acc = { resources: [], config: defaultTransformerConfig(), vars: [] };
      ctx.stack.push(dir);
      accumulateTarget(ctx, dir, top, acc);
    }
    hashGeneratedNames(acc.resources);
    if (top && stringListOf(top.raw.buildMetadata).includes('originAnnotations')) addOriginAnnotations(acc.resources, dir);
    fixNameReferences(acc.resources, acc.config.nameReference, file ?? dir);
    resolveVars(acc.resources, acc.vars, acc.config.varReference, file ?? dir);
    const sorted = sortOrder(top, acc.resources);
    const objects = sorted.map((r) => r.obj);
    const yaml = objects.map((o) => emitYaml(o)).join('---\n');
    return ok({ objects, yaml });
  } catch (e) {
    if (e instanceof BuildFailure) return fail(e.error);
    if (e instanceof RangeError) return fail({ code: 'LIMIT_EXCEEDED', message: 'input too deeply nested', path });
    throw e;
  }
}
