import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CaCertificateField, ClientCertificateFields, DockerConfigField } from '../../../components/registry-credential-fields';
import { CheckboxField } from '../../../components/checkbox-field';
import { Dialog } from '../../../components/dialog';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { placeServerError } from '../../../lib/forms/place-server-error';
import type { HubHelmRepository } from '../api/list-hub-helm';
import { useSaveHelmRepository, useSetHelmRepositoryCredentials } from '../api/save-helm';
import { ReadOnlyWhenManaged } from '../../fleet-sync/components/read-only-when-managed';
import { ManagedByGitNotice } from '../../fleet-sync/components/managed-by-git-notice';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import { useProposeHelmRepositoryEdit } from '../api/propose-helm-repository-edit';
import {
  emptyHelmRepositoryForm,
  formFromHelmRepository,
  helmRepositoryFieldFromServer,
  toHelmRepositoryInput,
  validateHelmRepositoryForm,
  type HelmCredentialsMode,
  type HelmRepositoryFormState,
  type HelmRepositoryType,
} from './helm-repository-form-model';

/**
 * Create (repository null) or edit a hub HelmRepository. Credentials are write-only: never shown, never prefilled.
 * A HelmRepository git manages shows its spec read-only; only what the hub holds instead of its Secrets
 * (credentials, CA and client certificate) can be saved, and a sync keeps them. With `proposeInGit` it is the
 * other way round: the spec is editable and proposed in git, and the hub-held fields are not shown.
 */
export function HelmRepositoryDialog({
  repository,
  onClose,
  proposeInGit,
}: {
  repository: HubHelmRepository | null;
  onClose: () => void;
  proposeInGit?: ProposeInGit;
}) {
  const saveAll = useSaveHelmRepository();
  const saveSecrets = useSetHelmRepositoryCredentials();
  const propose = useProposeHelmRepositoryEdit();
  const managed = repository?.managedBy ?? null;
  const proposing = managed !== null && proposeInGit !== undefined;
  const save = proposing ? propose : managed ? saveSecrets : saveAll;
  const [state, setState] = useState<HelmRepositoryFormState>(() =>
    repository ? formFromHelmRepository(repository) : emptyHelmRepositoryForm(),
  );
  const [submitted, setSubmitted] = useState(false);
  const patch = (p: Partial<HelmRepositoryFormState>) => setState((s) => ({ ...s, ...p }));
  const errors = validateHelmRepositoryForm(state);
  const takenName = saveAll.variables?.id === null ? saveAll.variables.input.name : undefined;
  const placed = placeServerError(
    save.error,
    helmRepositoryFieldFromServer,
    !repository && takenName !== undefined && state.name.trim() === takenName
      ? { field: 'name', message: `Another HelmRepository is already called "${takenName}".` }
      : null,
  );
  const fieldError = (f: keyof typeof errors) =>
    (submitted ? errors[f] : undefined) ?? (placed?.field === f ? placed.message : null);
  const stored = repository?.credentialsKind ?? null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    // Drop the typed secrets as soon as the hub has them.
    const done = { onSuccess: () => (patch({ password: '', username: '', dockerConfigJson: '' }), onClose()) };
    const input = toHelmRepositoryInput(state);
    if (proposing && repository) {
      const { credentials: _c, clearCredentials: _cc, tls: _t, clearTls: _ct, ...spec } = input;
      propose.mutate({ id: repository.id, input: spec }, { onSuccess: (r) => proposeInGit?.onProposed(r.id) });
    } else if (managed && repository) {
      const { credentials, clearCredentials, tls, clearTls } = input;
      saveSecrets.mutate({ id: repository.id, input: { credentials, clearCredentials, tls, clearTls } }, done);
    } else saveAll.mutate({ id: repository?.id ?? null, input }, done);
  };
  return (
    <Dialog
      open
      onClose={onClose}
      locked={save.isPending}
      title={proposing && repository ? `Propose a change to Helm repository ${repository.name}` : managed && repository ? `Credentials of Helm repository ${repository.name}` : repository ? `Edit Helm repository ${repository.name}` : 'Add Helm repository'}
      footer={
        <Button variant="primary" type="submit" form="helm-repository-form" busy={save.isPending}>
          {proposing ? PROPOSE_LABEL : managed ? 'Save credentials' : repository ? 'Save' : 'Add Helm repository'}
        </Button>
      }
    >
      <form id="helm-repository-form" onSubmit={submit} noValidate aria-label="Helm repository">
        {proposing && managed && <ManagedByGitNotice managedBy={managed} kind="HelmRepository" proposing />}
        <ReadOnlyWhenManaged managedBy={proposing ? null : managed} kind="HelmRepository">
        <TextField
          label="Name"
          value={state.name}
          onChange={(e) => patch({ name: e.target.value })}
          readOnly={repository !== null}
          error={fieldError('name')}
          mono
          autoComplete="off"
        />
        <SelectField
          label="Type"
          value={state.type}
          onChange={(e) => {
            const type = e.target.value as HelmRepositoryType;
            // A docker config is for a registry: leaving type oci leaves it behind.
            patch(type === 'default' && state.credentialsMode === 'dockerconfigjson' ? { type, credentialsMode: stored ? 'keep' : 'none', dockerConfigJson: '' } : { type });
          }}
          error={fieldError('type')}
          hint={
            state.type === 'oci'
              ? 'Charts are OCI artifacts under this prefix: the hub pulls each release’s chart from oci://<prefix>/<chart>; there is no index.'
              : 'An HTTP chart repository with an index.yaml, which the hub fetches once for the fleet.'
          }
        >
          <option value="default">HTTP chart repository (type default)</option>
          <option value="oci">OCI registry (type oci)</option>
        </SelectField>
        <TextField
          label="URL"
          hint={
            state.type === 'oci'
              ? 'The registry prefix, oci://host/path.'
              : 'The chart repository (its index.yaml), http:// or https://.'
          }
          placeholder={state.type === 'oci' ? 'oci://ghcr.io/org/charts' : 'https://charts.example.com'}
          value={state.url}
          onChange={(e) => patch({ url: e.target.value })}
          error={fieldError('url')}
          mono
          autoComplete="off"
        />
        <TextField
          label="Interval"
          hint={
            state.type === 'oci'
              ? 'How often the hub looks at the charts’ tags again; default 10m.'
              : 'How often the hub fetches the index; default 10m.'
          }
          value={state.interval}
          onChange={(e) => patch({ interval: e.target.value })}
          error={fieldError('interval')}
          mono
        />
        <TextField
          label="Timeout"
          hint="Per fetch; default 60s."
          value={state.timeout}
          onChange={(e) => patch({ timeout: e.target.value })}
          error={fieldError('timeout')}
          mono
        />
        {state.type === 'oci' && (
          <CheckboxField
            label="Insecure (plain HTTP)"
            hint="Talk HTTP, not HTTPS, to the registry."
            checked={state.insecure}
            onChange={(insecure) => patch({ insecure })}
          />
        )}
        {state.type === 'default' && (
          <CheckboxField
            label="Pass credentials to other hosts"
            hint="Flux's passCredentials: send them to chart URLs outside the repository's host too."
            checked={state.passCredentials}
            onChange={(passCredentials) => patch({ passCredentials })}
          />
        )}
        <CheckboxField
          label="Suspended"
          hint="Keeps the last index and stops fetching."
          checked={state.suspend}
          onChange={(suspend) => patch({ suspend })}
        />
        </ReadOnlyWhenManaged>
        {/* What the hub holds instead of Secrets is never proposed: it is saved in the Credentials dialog. */}
        {!proposing && (
        <>
        <SelectField
          label="Authentication"
          value={state.credentialsMode}
          onChange={(e) =>
            patch({ credentialsMode: e.target.value as HelmCredentialsMode, username: '', password: '', dockerConfigJson: '' })
          }
          error={fieldError('credentials')}
          hint={
            stored
              ? `Credentials are stored (${stored === 'dockerconfigjson' ? '.dockerconfigjson' : 'username and password'}), encrypted at the hub; their value is never shown.`
              : undefined
          }
        >
          {stored && <option value="keep">Keep the stored credentials</option>}
          {!stored && <option value="none">None</option>}
          <option value="basic">
            {stored ? 'Replace with a username and password' : 'Username and password'}
          </option>
          {state.type === 'oci' && (
            <option value="dockerconfigjson">
              {stored ? 'Replace with a docker config (.dockerconfigjson)' : 'Docker config (.dockerconfigjson)'}
            </option>
          )}
          {stored && <option value="clear">Remove the stored credentials</option>}
        </SelectField>
        {state.credentialsMode === 'dockerconfigjson' && (
          <DockerConfigField
            value={state.dockerConfigJson}
            onChange={(dockerConfigJson) => patch({ dockerConfigJson })}
            error={fieldError('dockerConfigJson')}
          />
        )}
        {state.credentialsMode === 'basic' && (
          <>
            <TextField
              label="Username"
              value={state.username}
              onChange={(e) => patch({ username: e.target.value })}
              error={fieldError('username')}
              autoComplete="off"
            />
            <TextField
              label="Password"
              type="password"
              value={state.password}
              onChange={(e) => patch({ password: e.target.value })}
              error={fieldError('password')}
              autoComplete="new-password"
            />
          </>
        )}
        <CaCertificateField
          value={state.caCertificate}
          onChange={(caCertificate) => patch({ caCertificate })}
          clear={state.clearTls}
          onClearChange={(clearTls) => patch({ clearTls })}
          storedCa={repository?.hasCaCertificate ?? false}
          storedClient={repository?.hasClientCertificate ?? false}
          error={fieldError('caCertificate')}
        />
        <ClientCertificateFields
          certificate={state.clientCertificate}
          keyPem={state.clientKey}
          onChange={patch}
          stored={repository?.hasClientCertificate ?? false}
          errors={{ clientCertificate: fieldError('clientCertificate'), clientKey: fieldError('clientKey') }}
        />
        </>
        )}
        {save.isError && !placed && (
          <ErrorAlert error={save.error} title={proposing ? 'Could not propose the change' : 'Could not save the Helm repository'} />
        )}
      </form>
    </Dialog>
  );
}
