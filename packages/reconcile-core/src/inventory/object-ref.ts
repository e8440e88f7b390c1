import { coreError, fail, ok, type Result } from '../errors.js';
import {
  apiVersionOf,
  groupOf,
  kindOf,
  nameOf,
  namespaceOf,
  versionOf,
  type KubeObject,
} from '../object/kube-object.js';

/** What identifies an object in an inventory (cli-utils ObjMetadata) plus the version it was applied with. */
export interface ObjectRef {
  group: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  version: string;
}

// RBAC names may contain ':' (system:controller:...), which would be ambiguous in an id, so cli-utils
// writes it as '__' for these kinds.
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const isRbac = (group: string, kind: string) => group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(kind);

/** Flux's inventory id: `<namespace>_<name>_<group>_<kind>` (core group empty, cluster scope empty namespace). */
export function inventoryId(ref: Pick<ObjectRef, 'group' | 'kind' | 'namespace' | 'name'>): string {
  const name = isRbac(ref.group, ref.kind) ? ref.name.replaceAll(':', '__') : ref.name;
  return `${ref.namespace}_${name}_${ref.group}_${ref.kind}`;
}

/** Parses an inventory id the way cli-utils does: namespace up to the first `_`, kind and group from the end. */
export function parseInventoryId(id: string, version = ''): Result<ObjectRef> {
  const first = id.indexOf('_');
  const rest = id.slice(first + 1);
  const kindAt = rest.lastIndexOf('_');
  const groupAt = kindAt < 0 ? -1 : rest.lastIndexOf('_', kindAt - 1);
  if (first < 0 || kindAt < 0 || groupAt < 0)
    return fail(
      coreError('INVENTORY_ID_INVALID', `unable to parse stored object metadata: ${JSON.stringify(id)}`),
    );
  const kind = rest.slice(kindAt + 1);
  const group = rest.slice(groupAt + 1, kindAt);
  const name = rest.slice(0, groupAt).replaceAll('__', ':');
  if (!kind || !name)
    return fail(coreError('INVENTORY_ID_INVALID', `inventory id ${JSON.stringify(id)} has no kind or name`));
  return ok({ namespace: id.slice(0, first), name, group, kind, version });
}

/** The ref of a built or live object; OBJECT_INVALID when it lacks apiVersion, kind or name (Flux: IsKubernetesObject). */
export function objectRef(obj: KubeObject): Result<ObjectRef> {
  const apiVersion = apiVersionOf(obj);
  const kind = kindOf(obj);
  const name = nameOf(obj);
  if (!apiVersion || !kind || !name) {
    return fail(
      coreError(
        'OBJECT_INVALID',
        `object is missing ${!apiVersion ? 'apiVersion' : !kind ? 'kind' : 'metadata.name'}`,
        `${kind ?? 'Unknown'}/${name ?? ''}`,
      ),
    );
  }
  return ok({
    group: groupOf(apiVersion),
    kind,
    namespace: namespaceOf(obj) ?? '',
    name,
    version: versionOf(apiVersion),
  });
}

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects (Flux's FmtObjMetadata). */
export function refSubject(ref: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}
