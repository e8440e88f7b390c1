import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField } from '../../../components/checkbox-field';
import { KeyValueEditor } from '../../../components/key-value-editor';
import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextareaField } from '../../../components/textarea-field';
import { TextField } from '../../../components/text-field';
import { isApiError } from '../../../lib/api-error';
import { placeServerError } from '../../../lib/forms/place-server-error';
import {
  labelRules,
  mergeRowErrors,
  rowErrorFromField,
  validateRows,
} from '../../../lib/kubernetes/label-validation';
import { useCreateGitRepository } from '../api/create-git-repository';
import type { GitRepositoryDetail } from '../api/source-types';
import { useUpdateGitRepository } from '../api/update-git-repository';
import {
  REF_KINDS,
  emptyGitRepositoryForm,
  fieldFromServer,
  formFromGitRepository,
  toGitRepositoryInput,
  validateGitRepositoryForm,
  type GitRepositoryFormState,
  type RefKind,
} from './git-repository-form-model';
import { CredentialsFields } from './credentials-fields';
import styles from '../../../components/form.module.css';

/** Create (no `existing`) or edit a GitRepository. Secrets are write-only: never shown, never prefilled. */
export function GitRepositoryForm({
  existing,
  onSaved,
  onCancel,
}: {
  existing?: GitRepositoryDetail;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const [state, setState] = useState<GitRepositoryFormState>(() =>
    existing ? formFromGitRepository(existing) : emptyGitRepositoryForm(),
  );
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateGitRepository();
  const update = useUpdateGitRepository();
  const mutation = existing ? update : create;
  const errors = validateGitRepositoryForm(state);
  const shown = submitted ? errors : {};
  const labels = validateRows(state.labels, labelRules);
  const serverError = mutation.error;
  // Creating under a name in use: said on the name field while it still holds that name.
  const takenName = create.variables?.name;
  const placed = placeServerError(
    serverError,
    fieldFromServer,
    !existing && takenName !== undefined && state.name.trim() === takenName
      ? {
          field: 'name',
          message: `Another GitRepository is already called "${takenName}". Choose another name, or edit that one.`,
        }
      : null,
  );
  const fieldError = (f: keyof typeof errors) => shown[f] ?? (placed?.field === f ? placed.message : null);
  const patch = (p: Partial<GitRepositoryFormState>) => setState((s) => ({ ...s, ...p }));
  const refKind = REF_KINDS.find((r) => r.kind === state.refKind) ?? REF_KINDS[0]!;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0 || !labels.valid) return;
    const input = toGitRepositoryInput(state);
    const done = (r: { id: string }) => {
      // Drop typed secrets from memory as soon as the hub has them.
      patch({ password: '', bearerToken: '' });
      onSaved(r.id);
    };
    if (existing) update.mutate({ id: existing.id, input }, { onSuccess: done });
    else create.mutate(input, { onSuccess: done });
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Git repository">
      <Card title="Repository">
        <div className={styles.grid}>
          <TextField
            label="Name"
            value={state.name}
            onChange={(e) => patch({ name: e.target.value })}
            error={fieldError('name')}
            readOnly={Boolean(existing)}
            hint={existing ? 'The name cannot change.' : 'Lowercase letters, digits, "-" and ".".'}
            mono
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            label="URL"
            value={state.url}
            onChange={(e) => patch({ url: e.target.value })}
            error={fieldError('url')}
            placeholder="https://github.com/org/fleet-infra.git"
            hint="http, https or ssh."
            mono
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className={styles.grid}>
          <SelectField
            label="Reference type"
            value={state.refKind}
            onChange={(e) => patch({ refKind: e.target.value as RefKind, refValue: '' })}
          >
            {REF_KINDS.map((r) => (
              <option key={r.kind} value={r.kind}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <TextField
            label={refKind.label}
            value={state.refValue}
            onChange={(e) => patch({ refValue: e.target.value })}
            error={fieldError('refValue')}
            placeholder={refKind.placeholder}
            mono
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      </Card>
      <Card title="Schedule">
        <div className={styles.grid}>
          <TextField
            label="Interval"
            value={state.interval}
            onChange={(e) => patch({ interval: e.target.value })}
            error={fieldError('interval')}
            hint="How often the hub fetches, e.g. 1m, 5m, 1h (jittered)."
            mono
          />
          <TextField
            label="Timeout"
            value={state.timeout}
            onChange={(e) => patch({ timeout: e.target.value })}
            error={fieldError('timeout')}
            hint="Per fetch; default 60s."
            mono
          />
        </div>
        <CheckboxField
          label="Suspended"
          hint="A suspended source keeps its last artifact and is not fetched."
          checked={state.suspend}
          onChange={(suspend) => patch({ suspend })}
        />
      </Card>
      <Card title="Labels">
        <KeyValueEditor
          legend="metadata.labels"
          noun="label"
          rows={state.labels}
          errors={mergeRowErrors(
            submitted ? labels.errors : state.labels.map(() => ({})),
            isApiError(serverError)
              ? rowErrorFromField(serverError.field, 'labels', serverError.message)
              : null,
          )}
          onChange={(rows) => patch({ labels: rows })}
          keyPlaceholder="team"
          valuePlaceholder="shop"
          emptyText="No labels. Receivers select this source by its labels with matchLabels."
        />
      </Card>
      <Card title="Ignore">
        <TextareaField
          label="Ignore patterns"
          value={state.ignore}
          onChange={(e) => patch({ ignore: e.target.value })}
          error={fieldError('ignore')}
          placeholder={'# .gitignore syntax\n/docs/\n*.md'}
          hint="Files left out of the artifact, in .gitignore format; replaces Flux's default exclusions. A .sourceignore in the repository applies too."
          rows={4}
        />
      </Card>
      <CredentialsFields
        storedKind={existing?.credentialsKind ?? null}
        state={state}
        onChange={patch}
        errors={{
          username: fieldError('username'),
          password: fieldError('password'),
          bearerToken: fieldError('bearerToken'),
          identity: fieldError('identity'),
          knownHosts: fieldError('knownHosts'),
        }}
      />
      {/* A CONFLICT when creating is the name in use: on the name field, or gone once the name changed. */}
      {serverError && !placed && !(isApiError(serverError, 'CONFLICT') && !existing) && (
        <ErrorAlert
          error={serverError}
          title={existing ? 'Could not save the source' : 'Could not create the source'}
        />
      )}
      <div className={styles.footer}>
        <Button onClick={onCancel} disabled={mutation.isPending}>
          Cancel
        </Button>
        <Button variant="primary" type="submit" busy={mutation.isPending}>
          {existing ? 'Save changes' : 'Create source'}
        </Button>
      </div>
    </form>
  );
}
