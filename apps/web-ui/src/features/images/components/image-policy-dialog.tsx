import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { Dialog } from '../../../components/dialog';
import { ReadOnlyWhenManaged } from '../../fleet-sync/components/read-only-when-managed';
import { ManagedByGitNotice } from '../../fleet-sync/components/managed-by-git-notice';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import { useProposeImagePolicyEdit } from '../api/propose-image-edit';
import { KeyValueEditor } from '../../../components/key-value-editor';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { isApiError } from '../../../lib/api-error';
import { placeServerError } from '../../../lib/forms/place-server-error';
import {
  labelRules,
  mergeRowErrors,
  rowErrorFromField,
  validateRows,
} from '../../../lib/kubernetes/label-validation';
import type { ImagePolicy } from '../api/list-image-policies';
import { useImageRepositories } from '../api/list-image-repositories';
import { useSaveImagePolicy } from '../api/save-image-policy';
import {
  emptyImagePolicyForm,
  formFromImagePolicy,
  imagePolicyFieldFromServer,
  toImagePolicyInput,
  validateImagePolicyForm,
  type DigestReflection,
  type ImagePolicyFormField,
  type ImagePolicyFormState,
  type PolicyKind,
} from './image-policy-form-model';
import { ImagePolicyPreview } from './image-policy-preview';

/**
 * Create (policy null) or edit an ImagePolicy, with the tag it would pick shown before saving. One git manages
 * is shown read-only, or, with `proposeInGit`, edited in propose mode (it holds no secret).
 */
export function ImagePolicyDialog({ policy, onClose, proposeInGit }: { policy: ImagePolicy | null; onClose: () => void; proposeInGit?: ProposeInGit }) {
  const saveHere = useSaveImagePolicy();
  const propose = useProposeImagePolicyEdit();
  const managed = policy?.managedBy ?? null;
  const proposing = managed !== null && proposeInGit !== undefined;
  const save = proposing ? propose : saveHere;
  const repositories = useImageRepositories();
  const [state, setState] = useState<ImagePolicyFormState>(() =>
    policy ? formFromImagePolicy(policy) : emptyImagePolicyForm(),
  );
  const [submitted, setSubmitted] = useState(false);
  const errors = validateImagePolicyForm(state);
  const labels = validateRows(state.labels, labelRules);
  const placed = placeServerError(save.error, imagePolicyFieldFromServer, null);
  const fieldError = (f: ImagePolicyFormField) =>
    (submitted ? errors[f] : undefined) ?? (placed?.field === f ? placed.message : null);
  const patch = (p: Partial<ImagePolicyFormState>) => setState((s) => ({ ...s, ...p }));
  const repoOptions = (repositories.data ?? []).map((r) => `${r.namespace}/${r.name}`);
  if (state.repository !== '' && !repoOptions.includes(state.repository)) repoOptions.unshift(state.repository);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0 || !labels.valid) return;
    if (proposing && policy) propose.mutate({ id: policy.id, input: toImagePolicyInput(state) }, { onSuccess: (r) => proposeInGit?.onProposed(r.id) });
    else saveHere.mutate({ id: policy?.id ?? null, input: toImagePolicyInput(state) }, { onSuccess: onClose });
  };
  const labelServerError = isApiError(save.error, 'BAD_USER_INPUT')
    ? rowErrorFromField(save.error.field, 'labels', save.error.message)
    : null;

  return (
    <Dialog
      open
      wide
      onClose={onClose}
      locked={save.isPending}
      title={proposing && policy ? `Propose a change to image policy ${policy.name}` : policy?.managedBy ? `Image policy ${policy.name}` : policy ? `Edit image policy ${policy.name}` : 'Add image policy'}
      // Git declares it: nothing to save here (it holds no secret).
      footer={
        managed && !proposing ? undefined : <Button variant="primary" type="submit" form="image-policy-form" busy={save.isPending}>
          {proposing ? PROPOSE_LABEL : policy ? 'Save' : 'Add image policy'}
        </Button>
      }
    >
      <form id="image-policy-form" onSubmit={submit} noValidate aria-label="Image policy">
        {proposing && managed && <ManagedByGitNotice managedBy={managed} kind="ImagePolicy" proposing />}
        <ReadOnlyWhenManaged managedBy={proposing ? null : managed} kind="ImagePolicy">
        <TextField
          label="Name"
          value={state.name}
          onChange={(e) => patch({ name: e.target.value })}
          readOnly={policy !== null}
          hint={policy ? 'The name cannot change.' : 'Lowercase letters, digits, "-" and "."; setter markers name it.'}
          error={fieldError('name')}
          mono
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField
          label="Image repository"
          value={state.repository}
          onChange={(e) => patch({ repository: e.target.value })}
          error={fieldError('repository')}
        >
          <option value="">Choose…</option>
          {repoOptions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Policy"
          value={state.kind}
          onChange={(e) => patch({ kind: e.target.value as PolicyKind })}
          hint="How the tags (or the values extracted from them) are compared."
        >
          <option value="semver">SemVer range</option>
          <option value="alphabetical">Alphabetical order</option>
          <option value="numerical">Numerical order</option>
        </SelectField>
        {state.kind === 'semver' ? (
          <TextField
            label="SemVer range"
            value={state.range}
            onChange={(e) => patch({ range: e.target.value })}
            placeholder="~1.0"
            hint="The highest version in the range wins, e.g. ~1.0, ^2, >=1.0.0 <2.0.0."
            error={fieldError('range')}
            mono
            autoComplete="off"
            spellCheck={false}
          />
        ) : (
          <SelectField
            label="Order"
            value={state.order}
            onChange={(e) => patch({ order: e.target.value === 'desc' ? 'desc' : 'asc' })}
            hint="asc picks the last value in ascending order; desc the first."
            error={fieldError('order')}
          >
            <option value="asc">asc</option>
            <option value="desc">desc</option>
          </SelectField>
        )}
        <TextField
          label="Tag filter pattern"
          value={state.pattern}
          onChange={(e) => patch({ pattern: e.target.value })}
          placeholder="^main-[a-f0-9]+-(?P<ts>[0-9]+)$"
          hint="Optional Go regular expression; only matching tags are considered."
          error={fieldError('pattern')}
          mono
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          label="Extract"
          value={state.extract}
          onChange={(e) => patch({ extract: e.target.value })}
          placeholder="$ts"
          hint="Optional: the value compared, built from the pattern’s groups."
          error={fieldError('extract')}
          mono
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField
          label="Digest reflection"
          value={state.digestReflection}
          onChange={(e) => patch({ digestReflection: e.target.value as DigestReflection })}
          hint="Whether latestRef carries the tag’s digest: never, once per tag, or re-read at every interval."
          error={fieldError('digestReflection')}
        >
          <option value="Never">Never</option>
          <option value="IfNotPresent">IfNotPresent</option>
          <option value="Always">Always</option>
        </SelectField>
        <TextField
          label="Digest interval"
          value={state.interval}
          onChange={(e) => patch({ interval: e.target.value })}
          hint="Only with digest reflection Always, e.g. 10m."
          error={fieldError('interval')}
          mono
        />
        <CheckboxField
          label="Suspend"
          checked={state.suspend}
          onChange={(suspend) => patch({ suspend })}
        />
        <KeyValueEditor
          legend="Labels"
          noun="label"
          rows={state.labels}
          errors={mergeRowErrors(
            submitted ? labels.errors : state.labels.map(() => ({})),
            labelServerError,
          )}
          onChange={(rows) => patch({ labels: rows })}
          keyPlaceholder="app"
          valuePlaceholder="web"
          emptyText="No labels. An automation’s policy selector matches them."
        />
        <ImagePolicyPreview state={state} />
        {save.isError && !placed && !labelServerError && (
          <ErrorAlert error={save.error} title={proposing ? 'Could not propose the change' : 'Could not save the image policy'} />
        )}
        </ReadOnlyWhenManaged>
      </form>
    </Dialog>
  );
}
