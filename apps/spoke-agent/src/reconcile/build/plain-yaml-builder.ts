import { parseAllDocuments } from 'yaml';
import { isRecord, type KubeObject } from '../../k8s/object-ref.js';
import type { FileTree } from '../artifact/file-tree.js';
import type { KustomizationSpec } from '../kustomization-spec.js';
import type { BuildError, BuildOutput, ManifestBuilder } from './manifest-builder.js';

// Kinds that have no namespace, so targetNamespace leaves them alone (kustomize's built-in list, abridged).
const CLUSTER_SCOPED = new Set([
  'Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'IngressClass',
  'PriorityClass', 'RuntimeClass', 'PersistentVolume', 'Node', 'APIService', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CSIDriver',
]);

function normalizeDir(path: string | undefined): string {
  return (path ?? '').replace(/^\.?\/*/, '').replace(/\/+$/, '');
}

/**
 * A stand-in for the kustomize build: every YAML file under `spec.path` (recursively, the way Flux generates
 * a kustomization.yaml when there is none), plus the Kustomization's simple transformers. Patches and
 * components need the real kustomize build and fail here with a clear message.
 */
export const plainYamlBuilder: ManifestBuilder = {
  async build(files: FileTree, spec: KustomizationSpec): Promise<BuildOutput> {
    const dir = normalizeDir(spec.path);
    const errors: BuildError[] = [];
    if (spec.patches?.length) errors.push({ message: 'spec.patches needs the kustomize build, which this agent build does not include yet' });
    if (spec.components?.length) errors.push({ message: 'spec.components needs the kustomize build, which this agent build does not include yet' });
    const inDir = [...files.keys()].filter((p) => (dir === '' || p === dir || p.startsWith(`${dir}/`)) && /\.(ya?ml|json)$/.test(p)).sort();
    if (dir !== '' && ![...files.keys()].some((p) => p.startsWith(`${dir}/`))) {
      errors.push({ path: dir, message: `kustomization path not found: ${dir}` });
    }
    const objects: KubeObject[] = [];
    for (const file of inDir) {
      if (/(^|\/)kustomization\.ya?ml$/.test(file)) continue;
      const text = new TextDecoder().decode(files.get(file));
      for (const doc of parseAllDocuments(text)) {
        if ('errors' in doc && doc.errors.length > 0) {
          errors.push({ path: file, message: `${file}: invalid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}` });
          continue;
        }
        const value: unknown = doc.toJS();
        if (value === null || value === undefined) continue;
        if (!isRecord(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string' || !isRecord(value.metadata)) {
          errors.push({ path: file, message: `${file}: a document is not a Kubernetes object (apiVersion, kind and metadata are required)` });
          continue;
        }
        objects.push(transform(value, spec));
      }
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, objects };
  },
};

function transform(obj: KubeObject, spec: KustomizationSpec): KubeObject {
  const meta = { ...(obj.metadata as Record<string, unknown>) };
  const kind = String(obj.kind);
  if (!CLUSTER_SCOPED.has(kind)) {
    if (spec.targetNamespace) meta.namespace = spec.targetNamespace;
    meta.name = `${spec.namePrefix ?? ''}${String(meta.name)}${spec.nameSuffix ?? ''}`;
  }
  if (spec.commonMetadata?.labels) meta.labels = { ...(isRecord(meta.labels) ? meta.labels : {}), ...spec.commonMetadata.labels };
  if (spec.commonMetadata?.annotations) meta.annotations = { ...(isRecord(meta.annotations) ? meta.annotations : {}), ...spec.commonMetadata.annotations };
  const out = { ...obj, metadata: meta };
  return spec.images?.length ? setImages(out, spec) : out;
}

// kustomize's images transformer for the places containers live in pod templates and pods.
function setImages(obj: KubeObject, spec: KustomizationSpec): KubeObject {
  const copy = structuredClone(obj);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isRecord(node)) return;
    for (const key of ['containers', 'initContainers']) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (!isRecord(c) || typeof c.image !== 'string') continue;
        const name = c.image.replace(/@.*$/, '').replace(/:[^:/]+$/, '');
        const rule = spec.images?.find((i) => i.name === name);
        if (!rule) continue;
        const newName = rule.newName ?? name;
        c.image = rule.digest ? `${newName}@${rule.digest}` : `${newName}:${rule.newTag ?? (c.image.slice(name.length + 1) || 'latest')}`;
      }
    }
    for (const v of Object.values(node)) visit(v);
  };
  visit(copy);
  return copy;
}
