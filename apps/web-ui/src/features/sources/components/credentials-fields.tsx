import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { TextareaField } from '../../../components/textarea-field';
import { BasicAuthFields, StoredCredentials } from './stored-credentials';
import type { CredentialsMode, GitRepositoryFormState } from './git-repository-form-model';

const KIND_LABEL: Record<string, string> = {
  basic: 'username and password',
  bearer: 'bearer token',
  ssh: 'SSH key',
  ca: 'a CA certificate',
};

/** `basic+ca` → "username and password, with a CA certificate". */
function storedLabel(kind: string): string {
  const [auth, ...rest] = kind.split('+');
  const label = KIND_LABEL[auth ?? ''] ?? kind;
  return rest.includes('ca') ? `${label}, with a CA certificate` : label;
}

/**
 * Git credentials are write-only: the hub stores them sealed and returns only their kind. With stored
 * credentials the form shows "stored — replace / clear" and never a value; typing replaces them.
 */
export function CredentialsFields({
  storedKind,
  state,
  onChange,
  errors,
}: {
  storedKind: string | null;
  state: GitRepositoryFormState;
  onChange: (patch: Partial<GitRepositoryFormState>) => void;
  errors: {
    username: string | null;
    password: string | null;
    bearerToken: string | null;
    identity: string | null;
    knownHosts: string | null;
    caCert: string | null;
  };
}) {
  const mode = state.credentialsMode;
  const setMode = (credentialsMode: CredentialsMode) =>
    onChange({ credentialsMode, username: '', password: '', bearerToken: '', identity: '', knownHosts: '', caCert: '' });
  const storedAuth = storedKind?.split('+')[0];

  return (
    <Card title="Credentials">
      {storedKind && (mode === 'keep' || mode === 'clear') ? (
        <StoredCredentials
          kindLabel={storedLabel(storedKind)}
          clearing={mode === 'clear'}
          onReplace={() => setMode(storedAuth === 'bearer' || storedAuth === 'ssh' ? storedAuth : storedAuth === 'ca' ? 'none' : 'basic')}
          onClear={() => setMode('clear')}
          onUndo={() => setMode('keep')}
        />
      ) : (
        <>
          <SelectField
            label="Authentication"
            value={mode === 'keep' || mode === 'clear' ? 'none' : mode}
            onChange={(e) => {
              const next = e.target.value as CredentialsMode;
              setMode(next === 'none' && storedKind ? 'keep' : next);
            }}
            hint={storedKind ? 'Replaces the stored credentials when you save.' : 'For private repositories.'}
          >
            <option value="none">
              {storedKind ? 'Keep the stored credentials' : 'None (public repository)'}
            </option>
            <option value="basic">Username and password (HTTP basic)</option>
            <option value="bearer">Bearer token</option>
            <option value="ssh">SSH key (ssh:// URLs)</option>
          </SelectField>
          {(mode === 'none' || mode === 'basic' || mode === 'bearer') && (
            <TextareaField
              label="CA certificate"
              value={state.caCert}
              onChange={(e) => onChange({ caCert: e.target.value })}
              error={errors.caCert}
              rows={3}
              autoComplete="off"
              placeholder="-----BEGIN CERTIFICATE-----"
              hint="Optional, https:// only: PEM CA certificates the server's certificate is checked against, beside the system CAs (Flux's ca.crt). Saved with the credentials."
            />
          )}
          {mode === 'basic' && (
            <BasicAuthFields
              username={state.username}
              password={state.password}
              onChange={onChange}
              errors={errors}
              passwordHint="Or a personal access token."
            />
          )}
          {mode === 'bearer' && (
            <TextField
              label="Bearer token"
              type="password"
              value={state.bearerToken}
              onChange={(e) => onChange({ bearerToken: e.target.value })}
              error={errors.bearerToken}
              autoComplete="new-password"
            />
          )}
          {mode === 'ssh' && (
            <>
              <TextareaField
                label="Private key"
                value={state.identity}
                onChange={(e) => onChange({ identity: e.target.value })}
                error={errors.identity}
                rows={5}
                autoComplete="off"
                placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
                hint="The deploy key (Flux's identity). Stored encrypted, never shown again."
              />
              <TextareaField
                label="known_hosts"
                value={state.knownHosts}
                onChange={(e) => onChange({ knownHosts: e.target.value })}
                error={errors.knownHosts}
                rows={3}
                autoComplete="off"
                hint="The server's host keys (ssh-keyscan -p <port> <host> prints them); no other key is trusted."
              />
              <TextField
                label="Key passphrase"
                type="password"
                value={state.password}
                onChange={(e) => onChange({ password: e.target.value })}
                error={errors.password}
                autoComplete="new-password"
                hint="Only for an encrypted key."
              />
            </>
          )}
        </>
      )}
    </Card>
  );
}
