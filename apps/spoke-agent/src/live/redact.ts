import { isRecord, type KubeObject } from '../k8s/object-ref.js';

/** What a Secret's value is replaced with before it leaves the agent. */
export const REDACTED = '**redacted by the agent**';

/** kubectl's client-side apply record: for a Secret, a copy of its data. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const isSecret = (obj: KubeObject): boolean => obj.kind === 'Secret' && obj.apiVersion === 'v1';

/**
 * A copy of an object fit to leave the cluster: without managedFields (bookkeeping, and large), and for a
 * Secret with every value of `data` and `stringData` replaced (the keys stay: they say what the Secret holds)
 * and kubectl's last-applied record dropped, as it repeats the data.
 */
export function redacted(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  const meta = isRecord(copy.metadata) ? copy.metadata : undefined;
  if (meta) delete meta.managedFields;
  if (!isSecret(copy)) return copy;
  for (const field of ['data', 'stringData'] as const) {
    const values = copy[field];
    if (isRecord(values)) copy[field] = Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED]));
    else if (values !== undefined) copy[field] = REDACTED;
  }
  if (meta && isRecord(meta.annotations)) {
    delete meta.annotations[LAST_APPLIED];
  }
  return copy;
}
