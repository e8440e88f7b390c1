import { Link } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { buttonClassName } from '../../components/button';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useCan } from '../../lib/auth/use-can';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useGitRepositories } from '../../features/sources/api/list-git-repositories';
import { GitRepositoryTable } from '../../features/sources/components/git-repository-table';

export function SourcesRoute() {
  useDocumentTitle('Sources');
  const sources = useGitRepositories();
  const canWrite = useCan('gitops:write');
  const add = canWrite ? (
    <Link to="/sources/new" className={buttonClassName('primary')}>
      Add source
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
            : 'Git repositories the hub fetches for the fleet'
        }
        actions={add}
      />
      <Card bodyless>
        {sources.isPending ? (
          <SkeletonRows />
        ) : sources.isError ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert error={sources.error} title="Could not load sources" />
          </div>
        ) : sources.data.length > 0 ? (
          <GitRepositoryTable sources={sources.data} />
        ) : (
          <EmptyState icon="⎇" title="No sources yet" action={add}>
            {canWrite
              ? 'Add a Git repository: the hub fetches it into an artifact that Kustomizations deliver to clusters.'
              : 'An operator or admin can add Git repositories.'}
          </EmptyState>
        )}
      </Card>
    </Page>
  );
}
