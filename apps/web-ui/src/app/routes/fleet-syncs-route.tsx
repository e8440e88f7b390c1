import { Page, PageHeader } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { FleetSyncsTable } from '../../features/fleet-sync/components/fleet-syncs-table';

export function FleetSyncsRoute() {
  useDocumentTitle('Fleet as code');
  return (
    <Page label="Fleet as code">
      <PageHeader
        title="Fleet as code"
        subtitle="FleetSyncs: the hub’s own objects read from git, created, updated and pruned from it."
      />
      <FleetSyncsTable />
    </Page>
  );
}
