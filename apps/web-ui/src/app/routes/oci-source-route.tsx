import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { buttonClassName } from '../../components/button';
import { ConditionsTable } from '../../components/conditions-table';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Card, Page, PageHeader } from '../../components/layout';
import { useCan } from '../../lib/auth/use-can';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useOciRepository } from '../../features/sources/api/get-oci-repository';
import { DeleteOrProposeDeletion } from '../../features/fleet-sync/components/propose-deletion';
import { useDeleteOciRepository } from '../../features/sources/api/save-oci-repository';
import { readyCondition } from '../../features/sources/api/source-types';
import { OciRepositoryActions } from '../../features/sources/components/oci-repository-actions';
import { OciRepositoryFacts } from '../../features/sources/components/oci-repository-facts';
import { SourceStatusBadges } from '../../features/sources/components/source-status-badges';
import { SourceKustomizationsTable } from '../../features/sources/components/source-kustomizations-table';
import { ManagedByGitNotice } from '../../features/fleet-sync/components/managed-by-git-notice';
import { DetailFallback } from './detail-fallback';
import styles from './cluster-route.module.css';

/** /sources/oci/:ociId — one hub OCIRepository: its spec, conditions, artifact and who uses it. */
export function OciSourceRoute() {
  const { ociId = '' } = useParams();
  const navigate = useNavigate();
  const source = useOciRepository(ociId);
  useDocumentTitle(source.data?.name ?? 'OCI repository');
  const canWrite = useCan('gitops:write');
  const canDelete = useCan('gitops:delete');
  const remove = useDeleteOciRepository();
  const [deleting, setDeleting] = useState(false);
  const back = (
    <Link to="/sources" className={styles.back}>
      ← Sources
    </Link>
  );

  if (source.isPending || source.isError)
    return (
      <DetailFallback
        label="OCI repository"
        back={back}
        error={source.error}
        notFound="OCI repository not found"
        loadFailed="Could not load the OCI repository"
      />
    );

  const s = source.data;
  const ready = readyCondition(s.conditions);
  return (
    <Page label={`OCI repository ${s.name}`}>
      {back}
      <PageHeader
        title={s.name}
        badge={<SourceStatusBadges source={s} />}
        subtitle={
          <>
            OCIRepository{' '}
            <code>
              {s.namespace}/{s.name}
            </code>
          </>
        }
        actions={
          <>
            {canWrite && <OciRepositoryActions source={s} />}
            {canWrite && (
              <Link to={`/sources/oci/${s.id}/edit`} className={buttonClassName('secondary')}>
                {s.managedBy ? 'Propose a change' : 'Edit'}
              </Link>
            )}
            {canDelete && <DeleteOrProposeDeletion kind="OCIRepository" id={s.id} name={s.name} managedBy={s.managedBy} onDelete={() => setDeleting(true)} />}
          </>
        }
      />
      {s.managedBy && <ManagedByGitNotice managedBy={s.managedBy} kind="OCIRepository" />}
      {ready && s.ready === 'False' && (
        <ErrorAlert error={new Error(ready.message)} title={`Pull failed: ${ready.reason}`} />
      )}
      <Card title="Overview">
        <OciRepositoryFacts source={s} />
      </Card>
      <Card title="Conditions" bodyless={s.conditions.length > 0}>
        <ConditionsTable conditions={s.conditions} />
      </Card>
      <Card title="Kustomizations using this source" bodyless>
        <SourceKustomizationsTable items={s.kustomizations} />
      </Card>
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete OCI repository ${s.name}?`}
        confirmLabel="Delete OCI repository"
        mutation={remove}
        variables={s.id}
        successToast={`OCI repository ${s.name} deleted.`}
        onDone={() => navigate('/sources', { replace: true })}
        errorTitle="Could not delete the OCI repository"
      >
        <p style={{ margin: 0 }}>The hub refuses while a Kustomization takes its source from it.</p>
      </ConfirmDialog>
    </Page>
  );
}
