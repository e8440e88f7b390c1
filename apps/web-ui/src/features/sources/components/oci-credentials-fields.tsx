import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { DockerConfigField } from '../../../components/registry-credential-fields';
import { BasicAuthFields, StoredCredentials } from './stored-credentials';
import type { OciCredentialsMode, OciRepositoryFormState } from './oci-repository-form-model';

const KIND_LABEL: Record<string, string> = {
  basic: 'username and password',
  dockerconfigjson: '.dockerconfigjson',
};

/**
 * Registry credentials, write-only: the hub keeps them sealed where a cluster would name a dockerconfigjson
 * Secret (Flux's secretRef) and returns only their kind. Stored ones show as "stored — replace / clear".
 */
export function OciCredentialsFields({
  storedKind,
  state,
  onChange,
  errors,
}: {
  storedKind: string | null;
  state: OciRepositoryFormState;
  onChange: (patch: Partial<OciRepositoryFormState>) => void;
  errors: {
    credentials: string | null;
    username: string | null;
    password: string | null;
    dockerConfigJson: string | null;
  };
}) {
  const mode = state.credentialsMode;
  const setMode = (credentialsMode: OciCredentialsMode) =>
    onChange({ credentialsMode, username: '', password: '', dockerConfigJson: '' });
  return (
    <Card title="Registry credentials">
      {storedKind && (mode === 'keep' || mode === 'clear') ? (
        <StoredCredentials
          kindLabel={KIND_LABEL[storedKind] ?? storedKind}
          clearing={mode === 'clear'}
          onReplace={() => setMode(storedKind === 'dockerconfigjson' ? 'dockerconfigjson' : 'basic')}
          onClear={() => setMode('clear')}
          onUndo={() => setMode('keep')}
        />
      ) : (
        <>
          <SelectField
            label="Authentication"
            value={mode === 'keep' || mode === 'clear' ? 'none' : mode}
            onChange={(e) => {
              const next = e.target.value as OciCredentialsMode;
              setMode(next === 'none' && storedKind ? 'keep' : next);
            }}
            error={errors.credentials}
            hint={storedKind ? 'Replaces the stored credentials when you save.' : 'For a private registry.'}
          >
            <option value="none">
              {storedKind ? 'Keep the stored credentials' : 'None (anonymous pull)'}
            </option>
            <option value="basic">Username and password</option>
            <option value="dockerconfigjson">Docker config (.dockerconfigjson)</option>
          </SelectField>
          {mode === 'basic' && (
            <BasicAuthFields
              username={state.username}
              password={state.password}
              onChange={onChange}
              errors={errors}
              passwordHint="Or a registry token."
            />
          )}
          {mode === 'dockerconfigjson' && (
            <DockerConfigField
              value={state.dockerConfigJson}
              onChange={(dockerConfigJson) => onChange({ dockerConfigJson })}
              error={errors.dockerConfigJson}
            />
          )}
        </>
      )}
    </Card>
  );
}
