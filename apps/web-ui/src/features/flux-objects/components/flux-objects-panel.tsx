import { useState } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Card, EmptyState, SkeletonRows } from '../../../components/layout';
import { useCan } from '../../../lib/auth/use-can';
import type { FluxObjectRef } from '../api/flux-object-keys';
import { useClusterOptions } from '../api/list-cluster-options';
import { useFluxObjects, type FluxObjectRow } from '../api/list-flux-objects';
import { hasFilters, useFluxObjectFilters } from '../hooks/use-flux-object-filters';
import { FluxObjectFilterBar } from './flux-object-filter-bar';
import { FluxObjectTable } from './flux-object-table';
import { FluxObjectTreeDialog } from './flux-object-tree-dialog';
import styles from './flux-objects.module.css';

/** The Flux objects list with its filters: fleet-wide, or one cluster's when `clusterId` is given. */
export function FluxObjectsPanel({ clusterId }: { clusterId?: string }) {
  const { filters, setFilters } = useFluxObjectFilters(clusterId ? { cluster: clusterId } : {});
  const list = useFluxObjects(filters);
  const clusters = useClusterOptions(!clusterId);
  const canAct = useCan('gitops:write');
  const [tree, setTree] = useState<{ ref: FluxObjectRef; clusterName: string } | null>(null);
  const rows = list.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];
  const total = list.data?.pages[0]?.totalCount ?? 0;
  const openTree = (o: FluxObjectRow) =>
    setTree({
      ref: { clusterId: o.clusterId, kind: o.kind, namespace: o.namespace, name: o.name },
      clusterName: o.clusterName,
    });
  return (
    <>
      <FluxObjectFilterBar
        filters={filters}
        onChange={setFilters}
        {...(clusterId ? {} : { clusters: clusters.data ?? [] })}
      />
      <Card bodyless>
        {list.isPending ? (
          <SkeletonRows />
        ) : list.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={list.error} title="Could not load Flux objects" />
          </div>
        ) : rows.length === 0 ? (
          hasFilters(filters, clusterId ? ['cluster'] : []) ? (
            <EmptyState icon="∅" title="No Flux object matches these filters" />
          ) : (
            <EmptyState icon="⎈" title="No Flux objects reported yet">
              Agents report the Kustomizations the hub places and every Flux object they find in their
              cluster.
            </EmptyState>
          )
        ) : (
          <>
            <p className={styles.count} role="status">
              {rows.length < total
                ? `${rows.length} of ${total} objects`
                : `${total} ${total === 1 ? 'object' : 'objects'}`}
            </p>
            <FluxObjectTable items={rows} showCluster={!clusterId} canAct={canAct} onOpenTree={openTree} />
            {list.hasNextPage && (
              <div className={styles.more}>
                <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                  {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
      <FluxObjectTreeDialog
        target={tree?.ref ?? null}
        clusterName={tree?.clusterName ?? ''}
        onClose={() => setTree(null)}
      />
    </>
  );
}
