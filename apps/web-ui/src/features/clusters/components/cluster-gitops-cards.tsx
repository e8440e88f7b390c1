import { ErrorAlert } from '../../../components/alert';
import { EventList } from '../../../components/event-list';
import { InventoryTable } from '../../../components/inventory-table';
import { Card, SkeletonRows } from '../../../components/layout';
import { useClusterEvents } from '../api/list-cluster-events';
import { useClusterKustomizations } from '../api/list-cluster-kustomizations';
import { ClusterKustomizationsTable } from './cluster-kustomizations-table';

/** GitOps on the cluster page: its Kustomizations, the objects they applied, and live events. */
export function ClusterGitOpsCards({ clusterId }: { clusterId: string }) {
  const kustomizations = useClusterKustomizations(clusterId);
  const events = useClusterEvents(clusterId);
  const rows = kustomizations.data ?? [];
  const inventory = rows.flatMap((r) => r.inventory.map((e) => ({ ...e, owner: r.kustomization.name })));
  return (
    <>
      <Card title="Kustomizations" bodyless>
        {kustomizations.isPending ? (
          <SkeletonRows rows={2} />
        ) : kustomizations.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={kustomizations.error} title="Could not load the Kustomizations" />
          </div>
        ) : (
          <ClusterKustomizationsTable rows={rows} />
        )}
      </Card>
      {rows.length > 0 && (
        <Card title={`Inventory (${inventory.length})`} bodyless={inventory.length > 0}>
          <InventoryTable entries={inventory} label="Inventory of this cluster" />
        </Card>
      )}
      <Card title="Events">
        {events.isPending ? (
          <SkeletonRows rows={3} />
        ) : events.isError ? (
          <ErrorAlert error={events.error} title="Could not load events" />
        ) : (
          <EventList
            events={events.data}
            emptyText="No events from this cluster yet. They appear here live."
          />
        )}
      </Card>
    </>
  );
}
