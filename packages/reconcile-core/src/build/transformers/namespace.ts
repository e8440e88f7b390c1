import type { JsonValue } from '../../yaml/parse.js';
import { applyFieldSpecs, type FieldSpec } from '../field-spec.js';
import { isObject, type Resource } from '../resource.js';

// Namespace references outside metadata that follow the namespace (webhook services, APIService, CRD conversion).
const EXTRA: FieldSpec[] = [
  { path: 'spec/service/namespace', group: 'apiregistration.k8s.io', kind: 'APIService' },
  { path: 'webhooks/clientConfig/service/namespace', kind: 'ValidatingWebhookConfiguration' },
  { path: 'webhooks/clientConfig/service/namespace', kind: 'MutatingWebhookConfiguration' },
  { path: 'spec/conversion/webhook/clientConfig/service/namespace', kind: 'CustomResourceDefinition' },
];

export function transformNamespace(resources: Resource[], namespace: string, extraSpecs: FieldSpec[]): void {
  const set = (): JsonValue => namespace;
  for (const r of resources) {
    if (r.kind === 'Namespace' && r.gvk().group === '') {
      // A Namespace object in the build becomes the target namespace itself.
      if (r.name !== namespace) {
        r.storePreviousId();
        r.name = namespace;
      }
    } else if (!r.isClusterScoped()) {
      if (r.namespace !== namespace) {
        r.storePreviousId();
        r.namespace = namespace;
      }
    }
    const kind = r.kind;
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const subjects = r.obj.subjects;
      if (Array.isArray(subjects)) {
        for (const s of subjects) if (isObject(s) && s.name === 'default') s.namespace = namespace;
      }
    }
    const specs = [...EXTRA, ...extraSpecs.filter((f) => f.path !== 'metadata/namespace')];
    applyFieldSpecs(r.obj, r.gvk(), specs, (v) => (v === undefined ? undefined : set()));
  }
}
