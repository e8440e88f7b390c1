import { buildKustomization, joinPath, parseYamlDocuments } from '@flotilla/reconcile-core';
import { stringify } from 'yaml';
import { isRecord, type KubeObject } from '../../k8s/object-ref.js';
import type { FileTree } from '@flotilla/git-source';
import type { KustomizationSpec } from '../kustomization-spec.js';
import type { BuildOutput, ManifestBuilder } from './manifest-builder.js';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function normalizeDir(path: string | undefined): string {
  return (path ?? '').replace(/^(\.\/|\/)+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
}

const hasOverlay = (spec: KustomizationSpec): boolean =>
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
  const dir = normalizeDir(path);
  return dir === '' || treeHas(files, dir);
}

/**
 * spec.components, as Flux adds them after the file's own: with `ignoreMissingComponents`, components whose
 * directory does not exist in the artifact are left out instead of failing the build.
 */
function componentsOf(files: FileTree, dir: string, spec: KustomizationSpec): string[] {
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

/**
 * Flux writes the Kustomization's overlay fields into the kustomization file of `spec.path` (generating one
 * when there is none) and builds that; this does the same on a copy of the in-memory tree.
 */
function withOverlay(files: FileTree, dir: string, spec: KustomizationSpec): { ok: true; files: FileTree } | { ok: false; path: string; message: string } {
  const prefix = dir === '' ? '' : `${dir}/`;
  const existing = KUSTOMIZATION_FILES.map((n) => `${prefix}${n}`).find((p) => files.has(p));
  let k: Record<string, unknown>;
  if (existing) {
    const parsed = parseYamlDocuments(new TextDecoder().decode(files.get(existing)), existing);
    if (!parsed.ok) return { ok: false, path: existing, message: parsed.errors.map((e) => e.message).join('; ') };
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
  // Flux sets buildMetadata from the spec over the file's; reconcile-core's build honours originAnnotations.
  if (spec.buildMetadata?.length) k.buildMetadata = spec.buildMetadata;
  const copy = new Map(files);
  copy.set(existing ?? `${prefix}kustomization.yaml`, new TextEncoder().encode(stringify(k)));
  return { ok: true, files: copy };
}

function applyCommonMetadata(objects: KubeObject[], spec: KustomizationSpec): KubeObject[] {
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

/** The kustomize build of reconcile-core (kustomize v5.5.0 semantics) with Flux's overlay fields. */
export const kustomizeBuilder: ManifestBuilder = {
  async build(files: FileTree, spec: KustomizationSpec): Promise<BuildOutput> {
    const dir = normalizeDir(spec.path);
    let tree = files;
    if (hasOverlay(spec)) {
      const overlaid = withOverlay(files, dir, spec);
      if (!overlaid.ok) return { ok: false, errors: [{ path: overlaid.path, message: `${overlaid.path}: ${overlaid.message}` }] };
      tree = overlaid.files;
    }
    const built = buildKustomization(tree, dir === '' ? '.' : dir);
    if (!built.ok) return { ok: false, errors: built.errors.map((e) => ({ path: e.path, message: e.path ? `${e.path}: ${e.message}` : e.message })) };
    return { ok: true, objects: applyCommonMetadata(built.value.objects as KubeObject[], spec) };
  },
};
