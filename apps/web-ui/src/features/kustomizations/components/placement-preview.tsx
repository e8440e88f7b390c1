import { Badge } from '../../../components/badge';
import { labelSelectorError } from '../../../lib/kubernetes/label-selector';
import { splitList } from '../../../lib/flux/names';
import { clusterNameError } from '../../../lib/kubernetes/label-validation';
import { useDebounced } from '../../../lib/use-debounced';
import { usePlacementPreview } from '../api/preview-placement';
import styles from './placement-preview.module.css';

/**
 * Which clusters the placement targets right now: the selector's matches (asked of the hub) plus the named
 * clusters, with names that match no cluster called out.
 */
export function PlacementPreview({ selector, clusterNames }: { selector: string; clusterNames: string }) {
  const debouncedSelector = useDebounced(selector.trim(), 300);
  // A name that is not a valid cluster name has its error on the field; the preview speaks of the rest.
  const names = splitList(useDebounced(clusterNames, 300)).filter((n) => clusterNameError(n) === null);
  const selectorValid = debouncedSelector !== '' && labelSelectorError(debouncedSelector) === null;
  const matched = usePlacementPreview(debouncedSelector, selectorValid);
  const all = usePlacementPreview('', names.length > 0);

  const bySelector = selectorValid ? (matched.data?.edges.map((e) => e.node) ?? []) : [];
  const known = new Map((all.data?.edges ?? []).map((e) => [e.node.name, e.node]));
  const named = names.filter((n) => known.has(n));
  const unknown = all.data ? names.filter((n) => !known.has(n)) : [];
  const targeted = new Map<string, 'selector' | 'name' | 'both'>();
  for (const c of bySelector) targeted.set(c.name, 'selector');
  for (const n of named) targeted.set(n, targeted.has(n) ? 'both' : 'name');
  const loading = (selectorValid && matched.isPending) || (names.length > 0 && all.isPending);
  const error = (selectorValid && matched.error) || (names.length > 0 && all.error);

  return (
    <div className={styles.preview} aria-live="polite" data-testid="placement-preview">
      <div className={styles.head}>
        <strong>
          {loading
            ? 'Matching clusters…'
            : `${targeted.size} ${targeted.size === 1 ? 'cluster' : 'clusters'} targeted`}
        </strong>
        {selectorValid && matched.data && matched.data.totalCount > bySelector.length && (
          <span className={styles.muted}>showing the first {bySelector.length} selector matches</span>
        )}
      </div>
      {error ? (
        <p className={styles.muted}>The hub could not evaluate the placement.</p>
      ) : targeted.size === 0 && !loading ? (
        <p className={styles.muted}>
          {selector.trim() === '' && names.length === 0
            ? 'No selector and no names: this Kustomization targets no cluster.'
            : 'No cluster matches yet. It will be delivered to clusters that match later.'}
        </p>
      ) : (
        <ul className={styles.list}>
          {[...targeted.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, via]) => (
              <li key={name} className={styles.item} data-target={name}>
                <span className={styles.name}>{name}</span>
                <span className={styles.muted}>{via === 'both' ? 'selector + name' : `by ${via}`}</span>
              </li>
            ))}
        </ul>
      )}
      {unknown.length > 0 && (
        <p className={styles.unknown}>
          <Badge tone="warning">No such cluster yet</Badge> {unknown.join(', ')}: targeted as soon as a
          cluster with that name is registered.
        </p>
      )}
    </div>
  );
}
