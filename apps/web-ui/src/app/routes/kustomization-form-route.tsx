import { useParams } from 'react-router';
import { useKustomization } from '../../features/kustomizations/api/get-kustomization';
import { KustomizationForm } from '../../features/kustomizations/components/kustomization-form';
import { ObjectFormPage } from './object-form-page';

/** /kustomizations/new and /kustomizations/:kustomizationId/edit. */
export function KustomizationFormRoute() {
  const { kustomizationId } = useParams();
  const existing = useKustomization(kustomizationId ?? '', { enabled: kustomizationId !== undefined });
  return (
    <ObjectFormPage
      kind="Kustomization"
      noun="Kustomization"
      listHref="/kustomizations"
      listLabel="Kustomizations"
      objectHref={(id) => `/kustomizations/${id}`}
      editingId={kustomizationId}
      existing={existing}
      addTitle="Add Kustomization"
      subtitle="Flux's Kustomization fields plus a placement: which clusters build and apply it."
      createdToast="Kustomization created; targeted agents receive it now."
      renderForm={(k, callbacks, proposeInGit) => <KustomizationForm key={k?.id ?? 'new'} existing={k} {...callbacks} proposeInGit={proposeInGit} />}
    />
  );
}
