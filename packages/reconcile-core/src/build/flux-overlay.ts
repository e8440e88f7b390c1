import { stringify } from 'yaml';
import { coreError, fail, ok, type Result } from '../errors.js';
import { isRecord, type KubeObject } from '../object/kube-object.js';
import { parseYamlDocuments } from '../yaml/parse.js';
import { buildKustomization } from './build.js';
import { joinPath, type FileTree } from './file-tree.js';

// Flux's Kustomization overlay fields over the kustomize build, as kustomize-controller applies them: the
// agent builds with them before applying, and the hub's proposal diff builds with them so it shows the objects
// exactly as the agent will apply them.

/** The fields of a Flux Kustomization's spec that shape its build (Flux's names and shapes). */
export interface FluxBuildSpec {
  path?: string;
  targetNamespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  patches?: readonly { patch: string; target?: Readonly<Record<string, unknown>> }[];
  images?: readonly { name: string; newName?: string; newTag?: string; digest?: string }[];
  components?: readonly string[];
  ignoreMissingComponents?: boolean;
  buildMetadata?: readonly string[];
  commonMetadata?: { labels?: Readonly<Record<string, string>>; annotations?: Readonly<Record<string, string>> };
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** spec.path as a directory of the artifact: '' for its root (empty, `.`, `./`). */
function fluxBuildDir(path: string | undefined): string {
  return (path ?? '').replace(/^(\.\/|\/)+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
}

const hasOverlay = (spec: FluxBuildSpec): boolean =>
  Boolean(spec.targetNamespace || spec.namePrefix || spec.nameSuffix || spec.patches?.length || spec.images?.length || spec.components?.length || spec.buildMetadata?.length);

// Whether a file or directory exists at `path` in the tree (components are directories).
function treeHas(files: FileTree, path: string): boolean {
  if (files.has(path)) return true;
  const prefix = `${path}/`;
  for (const p of files.keys()) if (p.startsWith(prefix)) return true;
  return false;
}

/** Whether spec.path names a directory of the artifact (its root when empty or `./`). */
export function hasBuildPath(files: FileTree, path: string | undefined): boolean {
  const dir = fluxBuildDir(path);
  return dir === '' || treeHas(files, dir);
}

/**
 * spec.components, as Flux adds them after the file's own: with `ignoreMissingComponents`, components whose
 * directory does not exist in the artifact are left out instead of failing the build.
 */
function componentsOf(files: FileTree, dir: string, spec: FluxBuildSpec): readonly string[] {
  const components = spec.components ?? [];
  if (!spec.ignoreMissingComponents) return components;
  return components.filter((c) => {
    const at = joinPath(dir, c);
    return at !== undefined && treeHas(files, at);
  });
}

// Flux's generated kustomization for a directory without one: every .yaml/.yml file in lexical order,
// and sub-directories that have their own kustomization as a whole.
function generatedResources(files: FileTree, dir: string): string[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const dirsWithKustomization = new Set<string>();
  for (const p of files.keys()) {
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (p.startsWith(prefix) && KUSTOMIZATION_FILES.includes(base) && p !== `${prefix}${base}`) dirsWithKustomization.add(p.slice(0, p.lastIndexOf('/')));
  }
  const out = new Set<string>();
  for (const p of [...files.keys()].sort()) {
    if (!p.startsWith(prefix) || !/\.ya?ml$/.test(p)) continue;
    const owner = [...dirsWithKustomization].find((d) => p.startsWith(`${d}/`));
    out.add((owner ?? p).slice(prefix.length));
  }
  return [...out];
}

const textOf = (content: Uint8Array | string | undefined): string => (typeof content === 'string' ? content : new TextDecoder().decode(content));

/**
 * Flux writes the Kustomization's overlay fields into the kustomization file of `spec.path` (generating one
 * when there is none) and builds that; this does the same on a copy of the in-memory tree.
 */
function withOverlay(files: FileTree, dir: string, spec: FluxBuildSpec): Result<FileTree> {
  const prefix = dir === '' ? '' : `${dir}/`;
  const existing = KUSTOMIZATION_FILES.map((n) => `${prefix}${n}`).find((p) => files.has(p));
  let k: Record<string, unknown>;
  if (existing) {
    const parsed = parseYamlDocuments(textOf(files.get(existing)), existing);
    if (!parsed.ok) return fail(coreError('KUSTOMIZATION_INVALID', parsed.errors.map((e) => e.message).join('; '), existing));
    const doc = parsed.value[0];
    k = isRecord(doc) ? { ...doc } : {};
  } else {
    k = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: generatedResources(files, dir) };
  }
  if (spec.targetNamespace) k.namespace = spec.targetNamespace;
  if (spec.namePrefix) k.namePrefix = spec.namePrefix;
  if (spec.nameSuffix) k.nameSuffix = spec.nameSuffix;
  const list = (key: string): unknown[] => (Array.isArray(k[key]) ? (k[key] as unknown[]) : []);
  if (spec.patches?.length) k.patches = [...list('patches'), ...spec.patches.map((p) => (p.target ? { patch: p.patch, target: p.target } : { patch: p.patch }))];
  if (spec.images?.length) k.images = [...list('images'), ...spec.images];
  const components = componentsOf(files, dir, spec);
  if (components.length) k.components = [...list('components'), ...components];
  // Flux sets buildMetadata from the spec over the file's; the build honours originAnnotations.
  if (spec.buildMetadata?.length) k.buildMetadata = spec.buildMetadata;
  const copy = new Map(files);
  copy.set(existing ?? `${prefix}kustomization.yaml`, stringify(k));
  return ok(copy);
}

function applyCommonMetadata(objects: KubeObject[], spec: FluxBuildSpec): KubeObject[] {
  const cm = spec.commonMetadata;
  if (!cm?.labels && !cm?.annotations) return objects;
  return objects.map((o) => {
    const meta = isRecord(o.metadata) ? o.metadata : {};
    return {
      ...o,
      metadata: {
        ...meta,
        ...(cm.labels ? { labels: { ...(isRecord(meta.labels) ? meta.labels : {}), ...cm.labels } } : {}),
        ...(cm.annotations ? { annotations: { ...(isRecord(meta.annotations) ? meta.annotations : {}), ...cm.annotations } } : {}),
      },
    };
  });
}

/**
 * The objects a Flux Kustomization builds from `files` before substitution: the kustomize build of spec.path
 * with the overlay fields (targetNamespace, namePrefix, nameSuffix, patches, images, components,
 * buildMetadata) written into its kustomization, then commonMetadata on every object.
 */
export function buildFluxKustomization(files: FileTree, spec: FluxBuildSpec): Result<KubeObject[]> {
  const dir = fluxBuildDir(spec.path);
  let tree = files;
  if (hasOverlay(spec)) {
    const overlaid = withOverlay(files, dir, spec);
    if (!overlaid.ok) return overlaid;
    tree = overlaid.value;
  }
  const built = buildKustomization(tree, dir === '' ? '.' : dir);
  if (!built.ok) return built;
  return ok(applyCommonMetadata(built.value.objects as KubeObject[], spec), built.warnings);
}
