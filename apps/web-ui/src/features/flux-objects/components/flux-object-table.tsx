import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { RelativeTime } from '../../../components/relative-time';
import { RevisionText } from '../../../components/revision-text';
import { ReadyBadge, SuspendedBadge } from '../../../components/status-badges';
import type { FluxObjectRow } from '../api/list-flux-objects';
import { FluxObjectActions } from './flux-object-actions';
import table from '../../../components/table.module.css';
import styles from './flux-objects.module.css';

/** One row per object and cluster; a Kustomization or HelmRelease with an inventory opens its tree. */
export function FluxObjectTable({
  items,
  showCluster,
  canAct,
  onOpenTree,
}: {
  items: readonly FluxObjectRow[];
  showCluster: boolean;
  canAct: boolean;
  onOpenTree: (o: FluxObjectRow) => void;
}) {
  return (
    <div className={table.wrap}>
      <table className={table.table} aria-label="Flux objects">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Namespace/Name</th>
            {showCluster && <th scope="col">Cluster</th>}
            <th scope="col">Origin</th>
            <th scope="col">Ready</th>
            <th scope="col" className={table.hideSm}>
              Revision
            </th>
            <th scope="col" className={table.hideSm}>
              Updated
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((o) => (
            <tr key={o.id} data-flux-object={`${o.clusterName}/${o.kind}/${o.namespace}/${o.name}`}>
              <td className={table.nowrap}>{o.kind}</td>
              <td className={table.name}>
                {o.namespace}/{o.name}
                {o.parent && (
                  <div className={table.message} title="Applied by this Kustomization">
                    ← {o.parent.namespace}/{o.parent.name}
                  </div>
                )}
              </td>
              {showCluster && <td className={table.nowrap}>{o.clusterName}</td>}
              <td className={table.nowrap}>
                <Badge tone="neutral">{o.origin === 'HUB' ? 'Hub' : 'Cluster'}</Badge>
              </td>
              <td>
                <ReadyBadge ready={o.ready} reason={o.reason} message={o.message} />{' '}
                {o.suspended && <SuspendedBadge />}
                {o.message && o.ready !== 'True' && <div className={table.message}>{o.message}</div>}
              </td>
              <td className={[table.mono, table.hideSm].join(' ')}>
                <RevisionText revision={o.revision} />
              </td>
              <td className={[table.nowrap, table.hideSm].join(' ')}>
                <RelativeTime value={o.updatedAt} />
              </td>
              <td>
                <div className={styles.actions}>
                  {o.inventoryCount > 0 && (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => onOpenTree(o)}
                      aria-label={`Tree of ${o.kind} ${o.namespace}/${o.name} on ${o.clusterName}`}
                    >
                      Tree
                    </Button>
                  )}
                  {canAct && <FluxObjectActions o={o} />}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
