import { useParams } from 'react-router';
import { useOciRepository } from '../../features/sources/api/get-oci-repository';
import { OciCredentialsForm } from '../../features/sources/components/oci-credentials-form';
import { OciRepositoryForm } from '../../features/sources/components/oci-repository-form';
import { ObjectFormPage } from './object-form-page';

/** /sources/oci/new and /sources/oci/:ociId/edit. */
export function OciSourceFormRoute() {
  const { ociId } = useParams();
  const existing = useOciRepository(ociId ?? '', { enabled: ociId !== undefined });
  return (
    <ObjectFormPage
      kind="OCIRepository"
      noun="OCI repository"
      listHref="/sources"
      listLabel="Sources"
      objectHref={(id) => `/sources/oci/${id}`}
      editingId={ociId}
      existing={existing}
      addTitle="Add OCI repository"
      subtitle="An OCIRepository with Flux's fields; the hub pulls the artifact once for the whole fleet."
      createdToast="OCI repository created; the hub pulls it now."
      renderForm={(o, callbacks, proposeInGit) => <OciRepositoryForm key={o?.id ?? 'new'} existing={o} {...callbacks} proposeInGit={proposeInGit} />}
      // Git holds the spec, the hub the credentials, TLS material and keys: they stay editable here.
      alsoWhenManaged={(o) => <OciCredentialsForm key={o.id} existing={o} />}
    />
  );
}
