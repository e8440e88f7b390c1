import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Card, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { showToast } from '../../lib/toast-store';
import { useOciRepository } from '../../features/sources/api/get-oci-repository';
import { OciRepositoryForm } from '../../features/sources/components/oci-repository-form';
import { OciCredentialsForm } from '../../features/sources/components/oci-credentials-form';
import { ProposeWhenManaged } from '../../features/fleet-sync/components/propose-when-managed';
import styles from './cluster-route.module.css';

/** /sources/oci/new and /sources/oci/:ociId/edit. */
export function OciSourceFormRoute() {
  const { ociId } = useParams();
  const navigate = useNavigate();
  const editing = ociId !== undefined;
  const existing = useOciRepository(ociId ?? '', { enabled: editing });
  const name = existing.data?.name ?? 'OCI repository';
  useDocumentTitle(editing ? `Edit ${name}` : 'Add OCI repository');
  const home = editing ? `/sources/oci/${ociId}` : '/sources';
  const saved = (id: string) => {
    showToast(editing ? 'OCI repository saved.' : 'OCI repository created; the hub pulls it now.');
    navigate(`/sources/oci/${id}`);
  };
  const cancel = () => navigate(home);
  return (
    <Page label={editing ? 'Edit OCI repository' : 'Add OCI repository'}>
      <Link to={home} className={styles.back}>
        ← {editing ? name : 'Sources'}
      </Link>
      <PageHeader
        title={editing ? `Edit ${name}` : 'Add OCI repository'}
        subtitle="An OCIRepository with Flux's fields; the hub pulls the artifact once for the whole fleet."
      />
      {!editing ? (
        <OciRepositoryForm onSaved={saved} onCancel={cancel} />
      ) : existing.isPending ? (
        <Card>
          <SkeletonRows />
        </Card>
      ) : existing.isError ? (
        <ErrorAlert error={existing.error} title="Could not load the OCI repository" />
      ) : (
        <>
          <ProposeWhenManaged managedBy={existing.data.managedBy} kind="OCIRepository">
            {(proposeInGit) => (
              <OciRepositoryForm
                key={existing.data.id}
                existing={existing.data}
                onSaved={saved}
                onCancel={cancel}
                proposeInGit={proposeInGit}
              />
            )}
          </ProposeWhenManaged>
          {/* Git holds the spec, the hub the credentials, TLS material and keys: they stay editable here. */}
          {existing.data.managedBy && <OciCredentialsForm key={existing.data.id} existing={existing.data} />}
        </>
      )}
    </Page>
  );
}
