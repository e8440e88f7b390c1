import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Card, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { showToast } from '../../lib/toast-store';
import { useKustomization } from '../../features/kustomizations/api/get-kustomization';
import { KustomizationForm } from '../../features/kustomizations/components/kustomization-form';
import { ProposeWhenManaged } from '../../features/fleet-sync/components/propose-when-managed';
import styles from './cluster-route.module.css';

/** /kustomizations/new and /kustomizations/:kustomizationId/edit. */
export function KustomizationFormRoute() {
  const { kustomizationId } = useParams();
  const navigate = useNavigate();
  const editing = kustomizationId !== undefined;
  const existing = useKustomization(kustomizationId ?? '', { enabled: editing });
  useDocumentTitle(editing ? `Edit ${existing.data?.name ?? 'Kustomization'}` : 'Add Kustomization');
  const back = (
    <Link to={editing ? `/kustomizations/${kustomizationId}` : '/kustomizations'} className={styles.back}>
      ← {editing ? (existing.data?.name ?? 'Kustomization') : 'Kustomizations'}
    </Link>
  );
  const saved = (id: string) => {
    showToast(editing ? 'Kustomization saved.' : 'Kustomization created; targeted agents receive it now.');
    navigate(`/kustomizations/${id}`);
  };
  const cancel = () => navigate(editing ? `/kustomizations/${kustomizationId}` : '/kustomizations');

  return (
    <Page label={editing ? 'Edit Kustomization' : 'Add Kustomization'}>
      {back}
      <PageHeader
        title={editing ? `Edit ${existing.data?.name ?? 'Kustomization'}` : 'Add Kustomization'}
        subtitle="Flux's Kustomization fields plus a placement: which clusters build and apply it."
      />
      {!editing ? (
        <KustomizationForm onSaved={saved} onCancel={cancel} />
      ) : existing.isPending ? (
        <Card>
          <SkeletonRows />
        </Card>
      ) : existing.isError ? (
        <ErrorAlert error={existing.error} title="Could not load the Kustomization" />
      ) : (
        <ProposeWhenManaged managedBy={existing.data.managedBy} kind="Kustomization">
          {(proposeInGit) => (
            <KustomizationForm
              key={existing.data.id}
              existing={existing.data}
              onSaved={saved}
              onCancel={cancel}
              proposeInGit={proposeInGit}
            />
          )}
        </ProposeWhenManaged>
      )}
    </Page>
  );
}
