import { metadataOf, type KubeObject } from '../k8s/object-ref.js';
import { redacted } from './redact.js';

export interface BuiltObjectRef {
  group: string;
  kind: string;
  namespace?: string | undefined;
  name: string;
}

const ownerKey = (o: { namespace: string; name: string }): string => `${o.namespace}/${o.name}`;
// A fresh string of its own: the names come out of the source YAML, and V8 keeps a string cut from a longer one
// (13 characters or more) as a slice of it, so a key made by joining them would hold the Kustomization's whole
// file text for as long as its build is kept. JSON.stringify writes a new flat string.
const objectKey = (r: BuiltObjectRef): string => JSON.stringify([r.group, r.kind, r.namespace ?? '', r.name]);

function refOfBuilt(obj: KubeObject): BuiltObjectRef {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const meta = metadataOf(obj);
  return {
    group: apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '',
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    namespace: typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : undefined,
    name: typeof meta.name === 'string' ? meta.name : '',
  };
}

/**
 * The objects each Kustomization's last successful build produced, in memory: the desired state the agent
 * shows beside the live one. Held redacted (a decrypted Secret's values are not kept past its apply); lost on
 * restart until the next reconcile builds again. Each object is kept as its JSON text and parsed when asked
 * for: one flat string costs a fraction of the object graph it stands for, and the agent holds one per object
 * it manages while asking for one now and then (a diff shown at the hub).
 */
export class LastBuilds {
  private readonly builds = new Map<string, Map<string, string>>();

  set(owner: { namespace: string; name: string }, objects: readonly KubeObject[]): void {
    this.builds.set(ownerKey(owner), new Map(objects.map((o) => [objectKey(refOfBuilt(o)), JSON.stringify(redacted(o))])));
  }

  forget(owner: { namespace: string; name: string }): void {
    this.builds.delete(ownerKey(owner));
  }

  /** `built: false` when the Kustomization has not been built since the agent started. */
  get(owner: { namespace: string; name: string }, target: BuiltObjectRef): { built: boolean; object: KubeObject | undefined } {
    const build = this.builds.get(ownerKey(owner));
    const text = build?.get(objectKey(target));
    return { built: build !== undefined, object: text === undefined ? undefined : (JSON.parse(text) as KubeObject) };
  }
}
