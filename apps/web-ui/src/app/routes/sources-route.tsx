import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { buttonClassName } from '../../components/button';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useCan } from '../../lib/auth/use-can';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useGitRepositories } from '../../features/sources/api/list-git-repositories';
import { useOciRepositories } from '../../features/sources/api/list-oci-repositories';
import { GitRepositoryTable } from '../../features/sources/components/git-repository-table';
import { OciRepositoryTable } from '../../features/sources/components/oci-repository-table';

/** A list query's card body: skeleton, error, table or the empty state. */
function ListBody<T>(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: readonly T[] };
  what: string;
  table: (rows: readonly T[]) => ReactNode;
  empty: ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <SkeletonRows />;
  if (query.isError || !query.data)
    return (
      <div style={{ padding: 16 }}>
        <ErrorAlert error={query.error} title={`Could not load ${props.what}`} />
      </div>
    );
  return query.data.length > 0 ? props.table(query.data) : props.empty;
}

export function SourcesRoute() {
  useDocumentTitle('Sources');
  const sources = useGitRepositories();
  const oci = useOciRepositories();
  const canWrite = useCan('gitops:write');
  const add = canWrite ? (
    <Link to="/sources/new" className={buttonClassName('primary')}>
      Add source
    </Link>
  ) : null;
  const addOci = canWrite ? (
    <Link to="/sources/oci/new" className={buttonClassName('secondary')}>
      Add OCI repository
    </Link>
  ) : null;
  const total = sources.data?.length;
  return (
    <Page label="Sources">
      <PageHeader
        title="Sources"
        subtitle={
          total
            ? `${total} Git ${total === 1 ? 'repository' : 'repositories'}, fetched once by the hub for the whole fleet`
            : 'Git repositories and OCI artifacts the hub fetches for the fleet'
        }
        actions={add}
      />
      <Card bodyless>
        <ListBody
          query={sources}
          what="sources"
          table={(rows) => <GitRepositoryTable sources={rows} />}
          empty={
            <EmptyState icon="⎇" title="No sources yet" action={add}>
              {canWrite
                ? 'Add a Git repository: the hub fetches it into an artifact that Kustomizations deliver to clusters.'
                : 'An operator or admin can add Git repositories.'}
            </EmptyState>
          }
        />
      </Card>
      <Card title="OCI repositories" bodyless actions={addOci}>
        <ListBody
          query={oci}
          what="OCI repositories"
          table={(rows) => <OciRepositoryTable sources={rows} />}
          empty={
            <EmptyState icon="⬡" title="No OCI repositories yet">
              {canWrite
                ? 'Add an OCIRepository: the hub pulls the artifact from the registry once for the whole fleet.'
                : 'An operator or admin can add OCI repositories.'}
            </EmptyState>
          }
        />
      </Card>
    </Page>
  );
}
