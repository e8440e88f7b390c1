import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Card, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { showToast } from '../../lib/toast-store';
import { useGitRepository } from '../../features/sources/api/get-git-repository';
import { GitRepositoryForm } from '../../features/sources/components/git-repository-form';
import { ProposeWhenManaged } from '../../features/fleet-sync/components/propose-when-managed';
import styles from './cluster-route.module.css';
import { GitCredentialsForm } from '../../features/sources/components/git-credentials-form';

/** /sources/new and /sources/:sourceId/edit. */
export function SourceFormRoute() {
  const { sourceId } = useParams();
  const navigate = useNavigate();
  const editing = sourceId !== undefined;
  const existing = useGitRepository(sourceId ?? '', { enabled: editing });
  useDocumentTitle(editing ? `Edit ${existing.data?.name ?? 'source'}` : 'Add source');
  const back = (
    <Link to={editing ? `/sources/${sourceId}` : '/sources'} className={styles.back}>
      ← {editing ? (existing.data?.name ?? 'Source') : 'Sources'}
    </Link>
  );
  const saved = (id: string) => {
    showToast(editing ? 'Source saved.' : 'Source created; the hub fetches it now.');
    navigate(`/sources/${id}`);
  };
  const cancel = () => navigate(editing ? `/sources/${sourceId}` : '/sources');

  return (
    <Page label={editing ? 'Edit source' : 'Add source'}>
      {back}
      <PageHeader
        title={editing ? `Edit ${existing.data?.name ?? 'source'}` : 'Add Git repository'}
        subtitle="A GitRepository with Flux's fields; the hub fetches it once for the whole fleet."
      />
      {!editing ? (
        <GitRepositoryForm onSaved={saved} onCancel={cancel} />
      ) : existing.isPending ? (
        <Card>
          <SkeletonRows />
        </Card>
      ) : existing.isError ? (
        <ErrorAlert error={existing.error} title="Could not load the source" />
      ) : (
        <>
          <ProposeWhenManaged managedBy={existing.data.managedBy} kind="GitRepository">
            {(proposeInGit) => (
              <GitRepositoryForm
                key={existing.data.id}
                existing={existing.data}
                onSaved={saved}
                onCancel={cancel}
                proposeInGit={proposeInGit}
              />
            )}
          </ProposeWhenManaged>
          {/* Git holds the spec, the hub the credentials: they stay editable here. */}
          {existing.data.managedBy && <GitCredentialsForm key={existing.data.id} existing={existing.data} />}
        </>
      )}
    </Page>
  );
}
