import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { MIN_SEARCH, useFleetSearch } from '../../features/fleet/api/search-fleet';
import { FluxObjectHits, ImageHits, InventoryHits } from '../../features/fleet/components/search-results';
import { useDocumentTitle } from '../../lib/use-document-title';

export function SearchRoute() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  useDocumentTitle(q ? `Search: ${q}` : 'Search');
  const search = useFleetSearch(q);
  return (
    <Page label="Search">
      <PageHeader
        title="Search the fleet"
        subtitle={
          q
            ? `Flux objects, the objects they applied and the images their workloads run, on every cluster you may see, matching “${q}”`
            : undefined
        }
      />
      {q.length < MIN_SEARCH ? (
        <Card>
          <EmptyState icon="⌕" title={`Type at least ${MIN_SEARCH} characters in the search box`}>
            Names, namespaces and kinds match anywhere, in any case: <code>ingress</code>, <code>team-a</code>
            , <code>Deployment</code>. Container images match as written: a whole reference (
            <code>nginx:1.25.3</code>), a repository, a tag or a digest. Press <kbd>/</kbd> or <kbd>Ctrl</kbd>+<kbd>K</kbd> on any page to
            search.
          </EmptyState>
        </Card>
      ) : search.isPending ? (
        <SkeletonRows />
      ) : search.isError ? (
        <ErrorAlert error={search.error} title="Could not search" />
      ) : (
        <>
          <Card bodyless title={`Flux objects (${search.data.objects.length})`}>
            <FluxObjectHits hits={search.data.objects} />
          </Card>
          <Card bodyless title={`Workloads running the image (${search.data.images.length})`}>
            <ImageHits hits={search.data.images} />
          </Card>
          <Card
            bodyless
            title={`Applied objects (${search.data.inventory.length})`}
            footer={
              search.data.truncated ? <span>More match: narrow the search to see the rest.</span> : undefined
            }
          >
            <InventoryHits hits={search.data.inventory} />
          </Card>
        </>
      )}
    </Page>
  );
}
