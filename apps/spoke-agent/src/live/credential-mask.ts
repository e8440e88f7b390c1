import { isRecord } from '../k8s/object-ref.js';
import { SECRET_KEY } from '../logging/logger.js';
import { MASK } from './secret-diff-mask.js';

// What the agent masks in helm values and manifests before they leave the cluster, side by side with a second
// revision: a masked value that differs there shows `*** (before)` or `*** (after)`, as `flux diff` shows a Secret,
// so a change is visible and no value is. Booleans and nulls stay: they hold no secret and say what is switched on.

export type Side = 'before' | 'after';
export type LeafPath = (string | number)[];
export interface MaskedLeaf {
  path: LeafPath;
  value: string;
}

/** Keys that name a Secret rather than hold one (`secretName`, `secretKeyRef`, `imagePullSecrets`): kept. */
const REFERENCE = /(Name|Ref|Refs|Secrets)$/;

const credentialKey = (k: string): boolean => SECRET_KEY.test(k) && !REFERENCE.test(k);

function childOf(v: unknown, k: string | number): unknown {
  if (Array.isArray(v) && typeof k === 'number') return v[k];
  return isRecord(v) && typeof k === 'string' ? v[k] : undefined;
}

/**
 * The leaves of `own` to mask: every string or number under a key that looks like a credential (all of them when
 * `secret`), and the `value` of a `{name, value}` pair whose name does (an environment variable). `other` is the
 * same place in the other revision.
 */
export function credentialLeaves(own: unknown, other: unknown, side: Side, secret = false, at: LeafPath = []): MaskedLeaf[] {
  const out: MaskedLeaf[] = [];
  // Under a credential key, a reference key is still kept (`secret: {secretName: db}`, a volume); in a Secret's data nothing is.
  const walk = (v: unknown, o: unknown, path: LeafPath, masked: boolean): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, childOf(o, i), [...path, i], masked));
    if (isRecord(v)) {
      const secretEnv = typeof v.name === 'string' && credentialKey(v.name);
      for (const [k, x] of Object.entries(v)) {
        const under = secret || ((masked || credentialKey(k) || (secretEnv && k === 'value')) && !REFERENCE.test(k));
        walk(x, childOf(o, k), [...path, k], under);
      }
      return;
    }
    if (!masked || (typeof v !== 'string' && typeof v !== 'number')) return;
    out.push({ path, value: o === undefined || o === v ? MASK : `${MASK} (${side})` });
  };
  walk(own, other, at, secret);
  return out;
}

/** A copy of `tree` with those leaves replaced. */
export function withMasked<T>(tree: T, leaves: readonly MaskedLeaf[]): T {
  const copy = structuredClone(tree);
  for (const { path, value } of leaves) {
    let node: unknown = copy;
    for (const k of path.slice(0, -1)) node = childOf(node, k);
    const last = path.at(-1);
    if (Array.isArray(node) && typeof last === 'number') node[last] = value;
    else if (isRecord(node) && typeof last === 'string') node[last] = value;
  }
  return copy;
}
