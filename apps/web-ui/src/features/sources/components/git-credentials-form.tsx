import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { HubHeldSecretsForm } from '../../fleet-sync/components/hub-held-secrets-form';
import { useSetGitRepositoryCredentials } from '../api/set-git-repository-credentials';
import type { GitRepositoryDetail } from '../api/source-types';
import { CredentialsFields } from './credentials-fields';
import {
  formFromGitRepository,
  toGitRepositoryInput,
  validateGitRepositoryForm,
  type GitRepositoryFormState,
} from './git-repository-form-model';

/**
 * The credentials of a GitRepository a FleetSync manages: its spec comes from git and the form above is
 * read-only, but Flux YAML carries no credentials, so they are given (and replaced or cleared) here. A sync
 * keeps them.
 */
export function GitCredentialsForm({ existing }: { existing: GitRepositoryDetail }) {
  const [state, setState] = useState<GitRepositoryFormState>(() => formFromGitRepository(existing));
  const [submitted, setSubmitted] = useState(false);
  const mutation = useSetGitRepositoryCredentials();
  const errors = validateGitRepositoryForm(state);
  const shown = submitted ? errors : {};
  const input = toGitRepositoryInput(state);
  const changes = Boolean(input.credentials || input.clearCredentials);

  const submit = () => {
    setSubmitted(true);
    const { username, password, bearerToken, identity, knownHosts, caCert, url } = errors;
    if (username || password || bearerToken || identity || knownHosts || caCert || url || !changes) return;
    mutation.mutate(
      { id: existing.id, credentials: input.credentials ?? null, clear: Boolean(input.clearCredentials) },
      {
        onSuccess: (saved) => {
          setSubmitted(false);
          setState((s) => ({ ...formFromGitRepository({ ...existing, credentialsKind: saved.credentialsKind }), name: s.name }));
        },
      },
    );
  };

  return (
    <HubHeldSecretsForm
      label="Credentials (stored at the hub)"
      changed={changes}
      busy={mutation.isPending}
      error={mutation.error}
      saved={mutation.isSuccess}
      savedText="The hub fetches with them now."
      onSubmit={submit}
    >
      <CredentialsFields
        storedKind={mutation.data ? mutation.data.credentialsKind : existing.credentialsKind}
        state={state}
        onChange={(patch) => setState((s) => ({ ...s, ...patch }))}
        errors={{
          username: shown.username ?? null,
          password: shown.password ?? null,
          bearerToken: shown.bearerToken ?? null,
          identity: shown.identity ?? null,
          knownHosts: shown.knownHosts ?? null,
          caCert: shown.caCert ?? null,
        }}
      />
      {shown.url && <Alert tone="danger" title="These credentials do not fit the URL in git">{shown.url}</Alert>}
    </HubHeldSecretsForm>
  );
}
