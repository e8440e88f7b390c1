import { useState } from 'react';
import { ErrorAlert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useCan } from '../../lib/auth/use-can';
import { useClusters } from '../../features/clusters/api/list-clusters';
import { AddClusterDialog } from '../../features/clusters/components/add-cluster-dialog';
import { FleetTable } from '../../features/clusters/components/fleet-table';
import { FleetOverview } from '../../features/fleet/components/fleet-overview';
import { SelectorFilter } from '../../features/clusters/components/selector-filter';
import { PAGE_SIZE, useFleetSearchParams } from '../../features/clusters/hooks/use-fleet-search-params';
import { useDocumentTitle } from '../../lib/use-document-title';
import { labelSelectorError, withEquality } from '../../lib/kubernetes/label-selector';

export function FleetRoute() {
  useDocumentTitle('Fleet');
  const search = useFleetSearchParams();
  const canRegister = useCan('cluster:register');
  const [adding, setAdding] = useState(false);
  const selectorValid = search.selector === '' || labelSelectorError(search.selector) === null;
  const clusters = useClusters(
    { selector: search.selector, after: search.after, first: PAGE_SIZE },
    { enabled: selectorValid },
  );
  const page = clusters.data;
  const filtered = search.selector !== '';
  const pageIndex = search.trail.length;

  const addButton = canRegister ? (
    <Button variant="primary" onClick={() => setAdding(true)}>
      Add cluster
    </Button>
  ) : null;

  return (
    <Page label="Fleet">
      <PageHeader title="Fleet" subtitle={fleetSubtitle(page?.totalCount, filtered)} actions={addButton} />
      <FleetOverview />
      <h2 className="visually-hidden">Clusters</h2>
      <SelectorFilter value={search.selector} onApply={search.setSelector} />
      <Card
        bodyless
        footer={
          page && (page.pageInfo.hasNextPage || pageIndex > 0) ? (
            <>
              <span>
                Showing {pageIndex * PAGE_SIZE + 1}–{pageIndex * PAGE_SIZE + page.edges.length} of{' '}
                {page.totalCount}
              </span>
              <span style={{ display: 'flex', gap: 8 }}>
                <Button size="sm" onClick={search.previousPage} disabled={pageIndex === 0}>
                  Previous
                </Button>
                <Button
                  size="sm"
                  onClick={() => page.pageInfo.endCursor && search.nextPage(page.pageInfo.endCursor)}
                  disabled={!page.pageInfo.hasNextPage || !page.pageInfo.endCursor}
                >
                  Next
                </Button>
              </span>
            </>
          ) : undefined
        }
      >
        {!selectorValid ? (
          <EmptyState icon="?" title="Fix the selector to see clusters" />
        ) : clusters.isPending ? (
          <SkeletonRows />
        ) : clusters.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={clusters.error} title="Could not load clusters" />
          </div>
        ) : page && page.edges.length > 0 ? (
          <FleetTable
            clusters={page.edges.map((e) => e.node)}
            onLabelSelect={(label) =>
              search.setSelector(withEquality(search.selector, label.key, label.value))
            }
          />
        ) : filtered ? (
          <EmptyState
            icon="∅"
            title="No cluster matches this selector"
            action={<Button onClick={() => search.setSelector('')}>Clear filter</Button>}
          >
            Selectors use Kubernetes syntax: <code>env=prod</code>, <code>tier in (web,api)</code>,{' '}
            <code>!legacy</code>.
          </EmptyState>
        ) : (
          <EmptyState icon="⎈" title="No clusters yet" action={addButton}>
            {canRegister
              ? 'Add a cluster to get a one-time registration token and the command that starts its agent.'
              : 'An operator or admin can add clusters. They will appear here as soon as their agents connect.'}
          </EmptyState>
        )}
      </Card>
      <AddClusterDialog open={adding} onClose={() => setAdding(false)} />
    </Page>
  );
}

function fleetSubtitle(total: number | undefined, filtered: boolean): string {
  if (total === undefined || (total === 0 && !filtered)) return 'Clusters managed by this hub';
  const noun = total === 1 ? 'cluster' : 'clusters';
  return filtered ? `${total} ${noun} match the selector` : `${total} ${noun}`;
}
