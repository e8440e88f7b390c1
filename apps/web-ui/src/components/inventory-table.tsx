import styles from './table.module.css';

export interface InventoryEntryView {
  id: string;
  version: string;
  group: string;
  kind: string;
  namespace: string | null;
  name: string;
  /** The Kustomization that applied it, when a table mixes several. */
  owner?: string;
}

/** The objects a Kustomization applied on a cluster (its Flux inventory), sorted by kind then name. */
export function InventoryTable({
  entries,
  label = 'Inventory',
}: {
  entries: readonly InventoryEntryView[];
  label?: string;
}) {
  if (entries.length === 0)
    return (
      <p className={styles.muted} style={{ margin: 0 }}>
        No objects applied yet.
      </p>
    );
  const owners = entries.some((e) => e.owner);
  const sorted = [...entries].sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
      a.name.localeCompare(b.name),
  );
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Namespace</th>
            <th scope="col">Name</th>
            <th scope="col">API version</th>
            {owners && <th scope="col">Kustomization</th>}
          </tr>
        </thead>
        <tbody>
          {sorted.map((e) => (
            <tr
              key={`${e.owner ?? ''}/${e.id}`}
              data-object={`${e.kind}/${e.namespace ? `${e.namespace}/` : ''}${e.name}`}
            >
              <td className={styles.name}>{e.kind}</td>
              <td className={styles.mono}>{e.namespace ?? <span className={styles.muted}>—</span>}</td>
              <td className={styles.mono}>{e.name}</td>
              <td className={[styles.mono, styles.muted].join(' ')}>
                {e.group ? `${e.group}/${e.version}` : e.version}
              </td>
              {owners && <td className={styles.mono}>{e.owner}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
