import { ErrorAlert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useFleetClusters } from '../../features/fleet/api/list-fleet-clusters';
import { ClusterHealthTable } from '../../features/fleet/components/cluster-health-table';
import { ClusterTableFilterBar } from '../../features/fleet/components/cluster-table-filters';
import { nextSort, useClusterTableParams } from '../../features/fleet/hooks/use-cluster-table-params';
import { labelSelectorError, withEquality } from '../../lib/kubernetes/label-selector';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Every cluster with the health of its Flux objects: sorted, filtered and paged by the hub, live. */
export function ClusterHealthRoute() {
  useDocumentTitle('Cluster health');
  const { filters, update } = useClusterTableParams();
  const selectorValid = filters.selector === '' || labelSelectorError(filters.selector) === null;
  const query = useFleetClusters(filters, { enabled: selectorValid });
  const rows = query.data?.pages.flatMap((p) => p.rows) ?? [];
  const total = query.data?.pages[0]?.totalCount;
  const filtered =
    filters.selector !== '' ||
    filters.search !== '' ||
    filters.worst.length > 0 ||
    filters.reasons.length > 0 ||
    filters.states.length > 0 ||
    filters.behind;

  return (
    <Page label="Cluster health">
      <PageHeader
        title="Cluster health"
        subtitle={
          total === undefined
            ? 'Every cluster with the health of its Flux objects'
            : `${total} ${total === 1 ? 'cluster' : 'clusters'}${filtered ? ' match the filter' : ''}`
        }
      />
      <ClusterTableFilterBar filters={filters} onChange={update} />
      <Card
        bodyless
        footer={
          rows.length > 0 && total !== undefined ? (
            <span>
              {rows.length} of {total} loaded
            </span>
          ) : undefined
        }
      >
        {!selectorValid ? (
          <EmptyState icon="?" title="Fix the selector to see clusters" />
        ) : query.isPending ? (
          <SkeletonRows />
        ) : query.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={query.error} title="Could not load the clusters" />
          </div>
        ) : rows.length > 0 ? (
          <ClusterHealthTable
            rows={rows}
            totalCount={total ?? rows.length}
            sort={filters}
            onSort={(field) => update(nextSort(filters, field))}
            onReasonSelect={(reason) =>
              update({
                reasons: filters.reasons.includes(reason) ? filters.reasons : [...filters.reasons, reason],
              })
            }
            onLabelSelect={(label) =>
              update({ selector: withEquality(filters.selector, label.key, label.value) })
            }
            hasNextPage={query.hasNextPage}
            fetchNextPage={() => void query.fetchNextPage()}
            fetchingNextPage={query.isFetchingNextPage}
          />
        ) : filtered ? (
          <EmptyState
            icon="∅"
            title="No cluster matches this filter"
            action={
              <Button
                onClick={() =>
                  update({ selector: '', search: '', worst: [], reasons: [], states: [], behind: false })
                }
              >
                Clear filters
              </Button>
            }
          />
        ) : (
          <EmptyState icon="⎈" title="No clusters yet">
            Clusters appear here as soon as they are registered.
          </EmptyState>
        )}
      </Card>
    </Page>
  );
}
