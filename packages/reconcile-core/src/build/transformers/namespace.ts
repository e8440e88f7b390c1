import type { JsonValue } from '../../yaml/parse.js';
import { failBuild } from '../build-error.js';
import { applyFieldSpecs, type FieldSpec } from '../field-spec.js';
import { effectiveNamespace, idString, isObject, type Resource } from '../resource.js';

export function transformNamespace(resources: Resource[], namespace: string, configSpecs: FieldSpec[], path: string): void {
  const extra = configSpecs.filter((f) => f.path !== 'metadata/namespace');
  for (const r of resources) {
    // kustomize records the previous id of every object, renamed or not.
    r.storePreviousId();
    if (!r.isClusterScoped()) r.namespace = namespace;
    const kind = r.kind;
    const isBinding = kind === 'RoleBinding' || kind === 'ClusterRoleBinding';
    if (isBinding) {
      // Subjects named "default" (the default ServiceAccount) move with the namespace.
      const subjects = r.obj.subjects;
      if (Array.isArray(subjects)) {
        for (const s of subjects) if (isObject(s) && s.name === 'default') s.namespace = namespace;
      }
    }
    // metadata/name is only a namespace for a core v1 Namespace.
    const specs = extra.filter(
      (f) => !(f.path === 'metadata/name' && r.apiVersion !== 'v1') && !(isBinding && f.path === 'subjects'),
    );
    applyFieldSpecs(r.obj, r.gvk(), specs, (): JsonValue => namespace);
  }
  const seen = new Map<string, Resource>();
  for (const r of resources) {
    const id = r.curId();
    const key = `${id.group}|${id.version}|${id.kind}|${effectiveNamespace(id)}|${id.name}`;
    if (seen.has(key)) failBuild('DUPLICATE_OBJECT', `namespace transformation produces ID conflict: ${idString(id)}`, path);
    seen.set(key, r);
  }
}
