import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Button, buttonClassName } from '../../components/button';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useCan } from '../../lib/auth/use-can';
import { useDocumentTitle } from '../../lib/use-document-title';
import { ExportFluxYamlButton } from '../../features/flux-yaml/components/export-flux-yaml-button';
import { ImportFluxYamlDialog } from '../../features/flux-yaml/components/import-flux-yaml-dialog';
import { useKustomizations } from '../../features/kustomizations/api/list-kustomizations';
import { KustomizationTable } from '../../features/kustomizations/components/kustomization-table';
import { KustomizationFilterBar } from '../../features/kustomizations/components/kustomization-filter-bar';
import {
  applyKustomizationFilters,
  useKustomizationFilters,
} from '../../features/kustomizations/hooks/use-kustomization-filters';

export function KustomizationsRoute() {
  useDocumentTitle('Kustomizations');
  const list = useKustomizations();
  const canWrite = useCan('gitops:write');
  const [importing, setImporting] = useState(false);
  const add = canWrite ? (
    <Link to="/kustomizations/new" className={buttonClassName('primary')}>
      Add Kustomization
    </Link>
  ) : null;
  const total = list.data?.length;
  const { filters, setFilters } = useKustomizationFilters();
  const shown = list.data ? applyKustomizationFilters(list.data, filters) : [];
  const filtered = filters.source !== '' || filters.status !== 'all';
  return (
    <Page label="Kustomizations">
      <PageHeader
        title="Kustomizations"
        subtitle={
          total
            ? `${total} ${total === 1 ? 'Kustomization' : 'Kustomizations'} delivered to clusters by placement`
            : 'What the agents build from sources and apply to their clusters'
        }
        actions={
          <>
            <ExportFluxYamlButton />
            {canWrite && <Button onClick={() => setImporting(true)}>Import Flux YAML</Button>}
            {add}
          </>
        }
      />
      <ImportFluxYamlDialog open={importing} onClose={() => setImporting(false)} />
      {list.data && list.data.length > 0 && (
        <KustomizationFilterBar
          filters={filters}
          onChange={setFilters}
          sources={[...new Set(list.data.map((k) => k.sourceRef.name))].sort()}
        />
      )}
      <Card bodyless>
        {list.isPending ? (
          <SkeletonRows />
        ) : list.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={list.error} title="Could not load Kustomizations" />
          </div>
        ) : shown.length > 0 ? (
          <KustomizationTable items={shown} />
        ) : filtered ? (
          <EmptyState icon="∅" title="No Kustomization matches these filters">
            Clear the filters to see all {total}.
          </EmptyState>
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
