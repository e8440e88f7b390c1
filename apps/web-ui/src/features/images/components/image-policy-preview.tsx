import { Alert } from '../../../components/alert';
import type { ImagePolicyPreviewInput } from '../../../lib/graphql/operation-types.gen';
import { useDebounced } from '../../../lib/use-debounced';
import { useImagePolicyPreview } from '../api/save-image-policy';
import { toImagePolicyPreviewInput, type ImagePolicyFormState } from './image-policy-form-model';

/** Which tag the policy being edited would pick from the repository’s stored tags, asked of the hub. */
export function ImagePolicyPreview({ state }: { state: ImagePolicyFormState }) {
  // Debounced as text: a fresh object each render would restart the timer for ever.
  const key = useDebounced(JSON.stringify(toImagePolicyPreviewInput(state)), 300);
  const input = JSON.parse(key) as ImagePolicyPreviewInput | null;
  const preview = useImagePolicyPreview(input);
  let body: string;
  if (input === null) body = 'Choose a repository and a valid policy to see the tag it would pick.';
  else if (preview.isPending) body = 'Asking the hub…';
  else if (preview.error) body = `The hub could not preview the policy: ${preview.error.message}`;
  else if (preview.data?.tag)
    body = `Would pick ${preview.data.tag} of ${preview.data.tagCount ?? 0} stored tags.`;
  else body = `Would pick no tag: ${preview.data?.message ?? ''}`;
  return (
    <div aria-live="polite" data-testid="image-policy-preview">
      <Alert tone="info" title="Preview">
        {body}
      </Alert>
    </div>
  );
}
