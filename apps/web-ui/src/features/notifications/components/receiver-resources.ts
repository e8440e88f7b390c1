import type { Receiver } from '../api/list-receivers';
import { filledRows, type KeyValueRow } from '../../../lib/kubernetes/label-validation';
import { splitList } from './split-list';

export interface ReceiverResourceInputRow {
  kind: string;
  name: string;
  namespace?: string;
  matchLabels?: KeyValueRow[];
}

/** `Kind/name` or `namespace/Kind/name`, comma-separated, as the table shows them. */
export const resourcesText = (r: Receiver): string =>
  r.resources.map((x) => `${x.namespace ? `${x.namespace}/` : ''}${x.kind}/${x.name}`).join(', ');

/** The match labels the form edits: those of the Receiver's first `*` resource. */
export const wildcardMatchLabels = (r: Receiver): KeyValueRow[] =>
  (r.resources.find((x) => x.name === '*')?.matchLabels ?? []).map((l) => ({ key: l.key, value: l.value }));

/**
 * The resources of the text, the match labels given to every `*` entry: Flux reads matchLabels with `*` only
 * (a named resource is fetched whatever its labels).
 */
export function parseResources(
  text: string,
  matchLabels: readonly KeyValueRow[],
): ReceiverResourceInputRow[] {
  const labels = filledRows(matchLabels);
  return splitList(text).map((item) => {
    const parts = item.split('/');
    const ref =
      parts.length === 3
        ? { namespace: parts[0]!, kind: parts[1]!, name: parts[2]! }
        : { kind: parts[0] ?? '', name: parts[1] ?? '' };
    return ref.name === '*' && labels.length > 0 ? { ...ref, matchLabels: labels } : ref;
  });
}
