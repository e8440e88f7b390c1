import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { MIN_SEARCH, useFleetSearch } from '../../features/fleet/api/search-fleet';
import { FluxObjectHits, InventoryHits } from '../../features/fleet/components/search-results';
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
            ? `Flux objects and the objects they applied, on every cluster you may see, matching “${q}”`
            : undefined
        }
      />
      {q.length < MIN_SEARCH ? (
        <Card>
          <EmptyState icon="⌕" title={`Type at least ${MIN_SEARCH} characters in the search box`}>
            Names, namespaces and kinds match anywhere, in any case: <code>ingress</code>, <code>team-a</code>
            , <code>Deployment</code>. Press <kbd>/</kbd> or <kbd>Ctrl</kbd>+<kbd>K</kbd> on any page to
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
