import { useState } from 'react';
import { CaCertificateField, ClientCertificateFields } from '../../../components/registry-credential-fields';
import { Card } from '../../../components/layout';
import { HubHeldSecretsForm } from '../../fleet-sync/components/hub-held-secrets-form';
import type { OciRepositoryDetail } from '../api/oci-repository-types';
import { useSetOciRepositoryCredentials } from '../api/save-oci-repository';
import { CosignKeysFields } from './cosign-keys-fields';
import { OciCredentialsFields } from './oci-credentials-fields';
import {
  formFromOciRepository,
  toOciRepositoryInput,
  validateCosignKeys,
  validateOciRepositoryForm,
  type OciRepositoryFormState,
} from './oci-repository-form-model';

const keysOf = (keys: readonly { name: string; pem: string }[]) => keys.map((k) => ({ name: k.name.trim(), pem: k.pem }));

/**
 * What the hub holds for an OCIRepository a FleetSync manages: registry credentials, certSecretRef's CA and
 * client certificate, and the cosign keys of verify. The spec is git's (the form above is read-only), but Flux
 * YAML names Secrets the hub never reads, so these are given here; a sync keeps them.
 */
export function OciCredentialsForm({ existing }: { existing: OciRepositoryDetail }) {
  const [state, setState] = useState<OciRepositoryFormState>(() => formFromOciRepository(existing));
  const [submitted, setSubmitted] = useState(false);
  const mutation = useSetOciRepositoryCredentials();
  const stored = { ...existing, ...(mutation.data ?? {}) };
  const patch = (p: Partial<OciRepositoryFormState>) => setState((s) => ({ ...s, ...p }));
  const { username, password, dockerConfigJson, caCertificate, clientCertificate, clientKey } = validateOciRepositoryForm(state);
  const errors = { username, password, dockerConfigJson, caCertificate, clientCertificate, clientKey };
  // The keys are what this card saves, whether or not git has turned verification on yet.
  const keyErrors = validateCosignKeys({ ...state, verify: true });
  const shown = (e: string | undefined) => (submitted ? (e ?? null) : null);
  const { credentials, clearCredentials, tls, clearTls } = toOciRepositoryInput(state);
  const keys = keysOf(state.keys);
  const keysChanged = JSON.stringify(keys) !== JSON.stringify(keysOf(stored.verifyPublicKeys));
  const changed = Boolean(credentials || clearCredentials || tls || clearTls || keysChanged);

  const submit = () => {
    setSubmitted(true);
    if (Object.values(errors).some(Boolean) || keyErrors.some((k) => k.name || k.pem) || !changed) return;
    mutation.mutate(
      { id: existing.id, input: { credentials, clearCredentials, tls, clearTls, ...(keysChanged ? { verifyPublicKeys: keys } : {}) } },
      {
        onSuccess: (saved) => {
          // Typed secrets leave memory as soon as the hub has them.
          setSubmitted(false);
          setState(formFromOciRepository({ ...existing, ...saved }));
        },
      },
    );
  };

  return (
    <HubHeldSecretsForm
      label="Credentials, TLS and keys (stored at the hub)"
      changed={changed}
      busy={mutation.isPending}
      error={mutation.error}
      saved={mutation.isSuccess}
      savedText="The hub pulls with them now."
      onSubmit={submit}
    >
      <OciCredentialsFields
        storedKind={stored.credentialsKind}
        state={state}
        onChange={patch}
        errors={{ credentials: null, username: shown(errors.username), password: shown(errors.password), dockerConfigJson: shown(errors.dockerConfigJson) }}
      />
      <Card title="TLS">
        <CaCertificateField
          value={state.caCertificate}
          onChange={(ca) => patch({ caCertificate: ca })}
          clear={state.clearTls}
          onClearChange={(clear) => patch({ clearTls: clear })}
          storedCa={stored.hasCaCertificate}
          storedClient={stored.hasClientCertificate}
          error={shown(errors.caCertificate)}
        />
        <ClientCertificateFields
          certificate={state.clientCertificate}
          keyPem={state.clientKey}
          onChange={patch}
          stored={stored.hasClientCertificate}
          errors={{ clientCertificate: shown(errors.clientCertificate), clientKey: shown(errors.clientKey) }}
        />
      </Card>
      <CosignKeysFields verify={state.verify} keysOnly keys={state.keys} onChange={({ keys: k }) => k && patch({ keys: k })} error={null} keyErrors={submitted ? keyErrors : []} />
    </HubHeldSecretsForm>
  );
}
