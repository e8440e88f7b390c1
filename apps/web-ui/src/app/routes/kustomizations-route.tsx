import { Link } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { buttonClassName } from '../../components/button';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useCan } from '../../lib/auth/use-can';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useKustomizations } from '../../features/kustomizations/api/list-kustomizations';
import { KustomizationTable } from '../../features/kustomizations/components/kustomization-table';

export function KustomizationsRoute() {
  useDocumentTitle('Kustomizations');
  const list = useKustomizations();
  const canWrite = useCan('gitops:write');
  const add = canWrite ? (
    <Link to="/kustomizations/new" className={buttonClassName('primary')}>
      Add Kustomization
    </Link>
  ) : null;
  const total = list.data?.length;
  return (
    <Page label="Kustomizations">
      <PageHeader
        title="Kustomizations"
        subtitle={
          total
            ? `${total} ${total === 1 ? 'Kustomization' : 'Kustomizations'} delivered to clusters by placement`
            : 'What the agents build from sources and apply to their clusters'
        }
        actions={add}
      />
      <Card bodyless>
        {list.isPending ? (
          <SkeletonRows />
        ) : list.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={list.error} title="Could not load Kustomizations" />
          </div>
        ) : list.data.length > 0 ? (
          <KustomizationTable items={list.data} />
        ) : (
          <EmptyState icon="⎈" title="No Kustomizations yet" action={add}>
            {canWrite
              ? 'Add one: a path in a source, applied with prune and health checks to the clusters its placement selects.'
              : 'An operator or admin can add Kustomizations.'}
          </EmptyState>
        )}
      </Card>
    </Page>
  );
}
