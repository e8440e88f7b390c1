import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Card } from '../../../components/layout';
import { isApiError } from '../../../lib/api-error';
import { placeServerError } from '../../../lib/forms/place-server-error';
import { labelRules, validateRows } from '../../../lib/kubernetes/label-validation';
import { useCreateGitRepository } from '../api/create-git-repository';
import type { GitRepositoryDetail } from '../api/source-types';
import { useUpdateGitRepository } from '../api/update-git-repository';
import {
  emptyGitRepositoryForm,
  fieldFromServer,
  formFromGitRepository,
  REF_KINDS,
  toGitRepositoryInput,
  validateGitRepositoryForm,
  type GitRepositoryFormState,
} from './git-repository-form-model';
import { CredentialsFields } from './credentials-fields';
import { RefFields } from './ref-fields';
import { SourceIdentityFields } from './source-identity-fields';
import { SourceLabelsCard } from './source-labels-card';
import { SourceIgnoreCard, SourceScheduleCard } from './source-schedule-fields';
import { useProposeGitRepositoryEdit } from '../api/propose-git-repository-edit';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import styles from '../../../components/form.module.css';

/**
 * Create (no `existing`) or edit a GitRepository. Secrets are write-only: never shown, never prefilled. With
 * `proposeInGit` (one managed by git) the edit is proposed in git instead of saved; credentials stay the hub's
 * and are never proposed.
 */
export function GitRepositoryForm({
  existing,
  onSaved,
  proposeInGit,
  onCancel,
}: {
  existing?: GitRepositoryDetail;
  onSaved: (id: string) => void;
  proposeInGit?: ProposeInGit;
  onCancel: () => void;
}) {
  const [state, setState] = useState<GitRepositoryFormState>(() =>
    existing ? formFromGitRepository(existing) : emptyGitRepositoryForm(),
  );
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateGitRepository();
  const update = useUpdateGitRepository();
  const propose = useProposeGitRepositoryEdit();
  const mutation = existing ? (proposeInGit ? propose : update) : create;
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
    if (existing && proposeInGit) {
      const { credentials: _credentials, clearCredentials: _clear, ...spec } = input;
      propose.mutate({ id: existing.id, input: spec }, { onSuccess: (r) => proposeInGit.onProposed(r.id) });
    } else if (existing) update.mutate({ id: existing.id, input }, { onSuccess: done });
    else create.mutate(input, { onSuccess: done });
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="Git repository">
      <Card title="Repository">
        <SourceIdentityFields
          name={state.name}
          url={state.url}
          onChange={patch}
          errors={{ name: fieldError('name'), url: fieldError('url') }}
          editing={Boolean(existing)}
          urlPlaceholder="https://github.com/org/fleet-infra.git"
          urlHint="http, https or ssh."
        />
        <div className={styles.grid}>
          <RefFields
            kinds={REF_KINDS}
            label="Reference type"
            kind={state.refKind}
            value={state.refValue}
            onChange={(r) => patch({ refKind: r.kind ?? 'branch', refValue: r.value })}
            error={fieldError('refValue')}
          />
        </div>
      </Card>
      <SourceScheduleCard
        interval={state.interval}
        timeout={state.timeout}
        suspend={state.suspend}
        onChange={patch}
        errors={{ interval: fieldError('interval'), timeout: fieldError('timeout') }}
        verb={{ does: 'fetches', noun: 'fetch', passive: 'fetched' }}
        intervalExamples="1m, 5m, 1h"
      />
      <SourceLabelsCard
        rows={state.labels}
        rowErrors={submitted ? labels.errors : null}
        serverError={serverError}
        onChange={(rows) => patch({ labels: rows })}
      />
      <SourceIgnoreCard
        value={state.ignore}
        onChange={(ignore) => patch({ ignore })}
        error={fieldError('ignore')}
        hint="Files left out of the artifact, in .gitignore format; replaces Flux's default exclusions. A .sourceignore in the repository applies too."
      />
      {/* Credentials are the hub's: never proposed to git (they have their own card beside the form). */}
      {!proposeInGit && (
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
            caCert: fieldError('caCert'),
          }}
        />
      )}
      {/* A CONFLICT when creating is the name in use: on the name field, or gone once the name changed. */}
      {serverError && !placed && !(isApiError(serverError, 'CONFLICT') && !existing) && (
        <ErrorAlert
          error={serverError}
          title={proposeInGit ? 'Could not propose the change' : existing ? 'Could not save the source' : 'Could not create the source'}
        />
      )}
      <div className={styles.footer}>
        <Button onClick={onCancel} disabled={mutation.isPending}>
          Cancel
        </Button>
        <Button variant="primary" type="submit" busy={mutation.isPending}>
          {proposeInGit ? PROPOSE_LABEL : existing ? 'Save changes' : 'Create source'}
        </Button>
      </div>
    </form>
  );
}
