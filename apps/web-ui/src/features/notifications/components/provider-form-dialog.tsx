import { useState } from 'react';
import { CheckboxField } from '../../../components/checkbox-field';
import { KeyValueEditor } from '../../../components/key-value-editor';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { TextareaField } from '../../../components/textarea-field';
import { rowErrorFromField, mergeRowErrors } from '../../../lib/kubernetes/label-validation';
import { isApiError } from '../../../lib/api-error';
import { useCreateProvider } from '../api/create-provider';
import type { NotificationProvider } from '../api/list-providers';
import { useUpdateProvider } from '../api/update-provider';
import { NotificationFormDialog } from './notification-form-dialog';
import { useSetProviderSecret } from '../api/set-provider-secret';
import { useProposeProviderEdit } from '../api/propose-notification-edit';
import { PROPOSE_LABEL, type ProposeInGit } from '../../../lib/forms/propose-in-git';
import {
  PROVIDER_TYPES,
  providerFormState,
  providerInput,
  type ProviderFormState,
} from './provider-form-model';
import { serverFieldError } from './server-field-error';

/** The secret's one-line keys: write-only inputs, each refused by the hub under its own field. */
const SECRET_FIELDS = [
  { key: 'secretAddress', label: 'Secret address', field: 'secret.address', hint: undefined },
  { key: 'token', label: 'Token', field: 'secret.token', hint: 'API token, bot token or HMAC key, by type.' },
  {
    key: 'secretProxy',
    label: 'Secret proxy',
    field: 'secret.proxy',
    hint: 'http(s)://user:password@host:port; used instead of the proxy above.',
  },
] as const;

/**
 * Adds a Provider, or edits `existing`. Secret fields are write-only: empty means "keep what is stored". A
 * Provider git manages shows its spec read-only; only its secret and CA certificates, which the hub holds, are
 * saved. With `proposeInGit` it is the other way round: the spec is editable and proposed in git, the secret
 * and certificates not shown (they never go to git).
 */
export function ProviderFormDialog({
  existing,
  onClose,
  proposeInGit,
}: {
  existing?: NotificationProvider;
  onClose: () => void;
  proposeInGit?: ProposeInGit;
}) {
  const create = useCreateProvider();
  const update = useUpdateProvider();
  const setSecret = useSetProviderSecret();
  const propose = useProposeProviderEdit();
  const managed = existing?.managedBy ?? null;
  const proposing = managed !== null && proposeInGit !== undefined;
  const mutation = proposing ? propose : managed ? setSecret : existing ? update : create;
  const [s, setState] = useState<ProviderFormState>(() => providerFormState(existing));
  const patch = (p: Partial<ProviderFormState>) => setState((prev) => ({ ...prev, ...p }));
  const text = (k: keyof ProviderFormState) => (e: { target: { value: string } }) =>
    patch({ [k]: e.target.value });
  const err = (field: string) => serverFieldError(mutation.error, field);
  const headerError = isApiError(mutation.error, 'BAD_USER_INPUT')
    ? rowErrorFromField(mutation.error.field, 'headers', mutation.error.message)
    : null;
  const stored = existing?.secretKeys ?? [];
  const submit = () => {
    const input = providerInput(s);
    // Typed secrets leave memory as soon as the hub has them.
    const done = () => {
      patch({ token: '', secretAddress: '', secretProxy: '', headers: [] });
      onClose();
    };
    if (existing && proposing) {
      const { secret: _secret, clearSecret: _clearSecret, certificate: _certificate, clearCertificate: _clearCertificate, ...spec } = input;
      propose.mutate({ id: existing.id, input: spec }, { onSuccess: (r) => proposeInGit?.onProposed(r.id) });
    } else if (existing && managed) {
      const { secret, clearSecret, certificate, clearCertificate } = input;
      setSecret.mutate({ id: existing.id, input: { secret, clearSecret, certificate, clearCertificate } }, { onSuccess: done });
    } else if (existing) update.mutate({ id: existing.id, input }, { onSuccess: done });
    else create.mutate(input, { onSuccess: done });
  };
  return (
    <NotificationFormDialog
      formId="provider-form"
      title={proposing && existing ? `Propose a change to provider ${existing.name}` : managed && existing ? `Secret of provider ${existing.name}` : existing ? `Edit provider ${existing.name}` : 'Add provider'}
      description={
        proposing
          ? 'The secret and CA certificates are the hub’s and never go to git: set them with Secret.'
          : existing
          ? 'Secret fields are never shown: leave them empty to keep the stored secret.'
          : 'Secrets are stored encrypted and never shown again.'
      }
      submitLabel={proposing ? PROPOSE_LABEL : managed ? 'Save secret' : existing ? 'Save' : 'Add provider'}
      pending={mutation.isPending}
      error={mutation.error}
      errorTitle={proposing ? 'Could not propose the change' : existing ? 'Could not save the provider' : 'Could not add the provider'}
      onClose={onClose}
      onSubmit={submit}
      wide
      managedBy={managed}
      proposing={proposing}
      kind="Provider"
      hubHeld={
        <>
          <fieldset>
            <legend>Secret</legend>
            <p>
              {existing
                ? stored.length
                  ? `Stored: ${stored.join(', ')}. Typing any field below replaces the whole secret.`
                  : 'No secret is stored.'
                : 'Optional, by type: a token, an address holding a key, headers, a proxy with credentials.'}
            </p>
            {SECRET_FIELDS.map((f) => (
              <TextField
                key={f.key}
                label={f.label}
                type="password"
                autoComplete="off"
                hint={f.hint}
                value={s[f.key]}
                onChange={text(f.key)}
                error={err(f.field)}
              />
            ))}
            <KeyValueEditor
              legend="Headers (generic, generic-hmac)"
              noun="header"
              rows={s.headers}
              errors={mergeRowErrors(
                s.headers.map(() => ({})),
                headerError,
              )}
              onChange={(headers) => patch({ headers })}
              keyPlaceholder="X-Api-Key"
            />
            {existing && stored.length > 0 && (
              <CheckboxField
                label="Remove the stored secret"
                checked={s.clearSecret}
                onChange={(clearSecret) => patch({ clearSecret })}
              />
            )}
          </fieldset>
          <TextareaField
            label="CA certificates"
            hint={
              existing?.hasCertificate
                ? 'PEM. Certificates are stored; leave empty to keep them.'
                : 'PEM, trusted for an https address.'
            }
            value={s.certificate}
            onChange={text('certificate')}
            error={err('certificate')}
            rows={3}
          />
          {existing?.hasCertificate && (
            <CheckboxField
              label="Remove the stored certificates"
              checked={s.clearCertificate}
              onChange={(clearCertificate) => patch({ clearCertificate })}
            />
          )}
        </>
      }
    >
      <TextField label="Name" value={s.name} onChange={text('name')} error={err('name')} required disabled={proposing} />
      <SelectField label="Type" value={s.type} onChange={text('type')} error={err('type')}>
        {PROVIDER_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Address"
        hint="The webhook URL, or the repository URL for commit statuses. A URL holding a key belongs in the secret address."
        value={s.address}
        onChange={text('address')}
        error={err('address')}
      />
      <TextField
        label="Channel"
        hint="The routing key for pagerduty, the chat id for telegram."
        value={s.channel}
        onChange={text('channel')}
        error={err('channel')}
      />
      <TextField label="Username" value={s.username} onChange={text('username')} error={err('username')} />
      <TextField
        label="Timeout"
        hint="A Go duration of at most 60s; empty means 15s."
        value={s.timeout}
        onChange={text('timeout')}
        error={err('timeout')}
      />
      <TextField
        label="Proxy"
        hint="http(s)://host:port without credentials; a proxy with user:password belongs in the secret proxy."
        value={s.proxy}
        onChange={text('proxy')}
        error={err('proxy')}
      />
      <CheckboxField
        label="Suspended (messages for it are dropped)"
        checked={s.suspend}
        onChange={(suspend) => patch({ suspend })}
      />
    </NotificationFormDialog>
  );
}
