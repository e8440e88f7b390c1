import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { buttonClassName } from '../../components/button';
import { ConditionsTable } from '../../components/conditions-table';
import { Card, Page, PageHeader } from '../../components/layout';
import { useCan } from '../../lib/auth/use-can';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useGitRepository } from '../../features/sources/api/get-git-repository';
import { readyCondition } from '../../features/sources/api/source-types';
import { ManagedByGitNotice } from '../../features/fleet-sync/components/managed-by-git-notice';
import { rolloutHref } from '../../features/fleet/api/rollout';
import { DeleteOrProposeDeletion } from '../../features/fleet-sync/components/propose-deletion';
import { DeleteGitRepositoryDialog } from '../../features/sources/components/delete-git-repository-dialog';
import { GitRepositoryActions } from '../../features/sources/components/git-repository-actions';
import { GitRepositoryFacts } from '../../features/sources/components/git-repository-facts';
import { SourceStatusBadges } from '../../features/sources/components/source-status-badges';
import { SourceKustomizationsTable } from '../../features/sources/components/source-kustomizations-table';
import { DetailFallback } from './detail-fallback';
import styles from './cluster-route.module.css';

export function SourceRoute() {
  const { sourceId = '' } = useParams();
  const navigate = useNavigate();
  const source = useGitRepository(sourceId);
  useDocumentTitle(source.data?.name ?? 'Source');
  const canWrite = useCan('gitops:write');
  const canDelete = useCan('gitops:delete');
  const [deleting, setDeleting] = useState(false);
  const back = (
    <Link to="/sources" className={styles.back}>
      ← Sources
    </Link>
  );

  if (source.isPending || source.isError)
    return (
      <DetailFallback
        label="Source"
        back={back}
        error={source.error}
        notFound="Source not found"
        loadFailed="Could not load the source"
      />
    );

  const s = source.data;
  const ready = readyCondition(s.conditions);
  return (
    <Page label={`Source ${s.name}`}>
      {back}
      <PageHeader
        title={s.name}
        badge={<SourceStatusBadges source={s} />}
        subtitle={
          <>
            GitRepository{' '}
            <code>
              {s.namespace}/{s.name}
            </code>
          </>
        }
        actions={
          <>
            <Link
              to={rolloutHref({ kind: 'GitRepository', namespace: s.namespace, name: s.name })}
              className={buttonClassName('secondary')}
            >
              Rollout
            </Link>
            {canWrite && <GitRepositoryActions source={s} />}
            {canWrite && (
              <Link to={`/sources/${s.id}/edit`} className={buttonClassName('secondary')}>
                {s.managedBy ? 'Propose a change' : 'Edit'}
              </Link>
            )}
            {canDelete && <DeleteOrProposeDeletion kind="GitRepository" id={s.id} name={s.name} managedBy={s.managedBy} onDelete={() => setDeleting(true)} />}
          </>
        }
      />
      {ready && s.ready === 'False' && (
        <ErrorAlert error={new Error(ready.message)} title={`Fetch failed: ${ready.reason}`} />
      )}
      {s.managedBy && <ManagedByGitNotice managedBy={s.managedBy} kind="GitRepository" />}
      <Card title="Overview">
        <GitRepositoryFacts source={s} />
      </Card>
      <Card title="Conditions" bodyless={s.conditions.length > 0}>
        <ConditionsTable conditions={s.conditions} />
      </Card>
      <Card title="Kustomizations using this source" bodyless>
        <SourceKustomizationsTable items={s.kustomizations} />
      </Card>
      <DeleteGitRepositoryDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/sources', { replace: true })}
        source={s}
      />
    </Page>
  );
}
