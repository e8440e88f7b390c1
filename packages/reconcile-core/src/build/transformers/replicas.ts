import type { JsonValue } from '../../yaml/parse.js';
import { failBuild } from '../build-error.js';
import { applyFieldSpecs, type FieldSpec } from '../field-spec.js';
import { isObject, str, type Resource } from '../resource.js';

export function transformReplicas(resources: Resource[], replicas: JsonValue | undefined, specs: FieldSpec[], kustPath: string): void {
  if (!Array.isArray(replicas)) return;
  for (const rep of replicas) {
    if (!isObject(rep)) continue;
    const name = str(rep.name);
    const count = typeof rep.count === 'number' ? rep.count : Number(rep.count ?? 0);
    let found = false;
    for (const r of resources) {
      if (!r.allIds().some((id) => id.name === name)) continue;
      const kindSpecs = specs.filter((f) => !f.kind || f.kind === r.kind);
      if (kindSpecs.length === 0) continue;
      found = true;
      applyFieldSpecs(r.obj, r.gvk(), kindSpecs, () => count);
    }
    if (!found) {
      failBuild('TRANSFORMER_INVALID', `resource with name ${name} does not match a config with the following GVK [Deployment ReplicationController ReplicaSet StatefulSet]`, kustPath);
    }
  }
}
