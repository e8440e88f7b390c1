import { Page, PageHeader } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { FluxObjectsPanel } from '../../features/flux-objects/components/flux-objects-panel';

export function FluxObjectsRoute() {
  useDocumentTitle('Flux objects');
  return (
    <Page label="Flux objects">
      <PageHeader
        title="Flux objects"
        subtitle="Every Flux object of every cluster: placed by the hub or found in the cluster, with its Ready state and revision"
      />
      <FluxObjectsPanel />
    </Page>
  );
}
