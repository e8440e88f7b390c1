import { Button } from '../../../components/button';
import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextField } from '../../../components/text-field';
import { TextareaField } from '../../../components/textarea-field';
import type { CredentialsMode, GitRepositoryFormState } from './git-repository-form-model';
import styles from '../../../components/form.module.css';

const KIND_LABEL: Record<string, string> = {
  basic: 'username and password',
  bearer: 'bearer token',
  ssh: 'SSH key',
};

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
  };
}) {
  const mode = state.credentialsMode;
  const setMode = (credentialsMode: CredentialsMode) =>
    onChange({ credentialsMode, username: '', password: '', bearerToken: '', identity: '', knownHosts: '' });

  return (
    <Card title="Credentials">
      {storedKind && (mode === 'keep' || mode === 'clear') ? (
        <div className={styles.stored} data-testid="stored-credentials">
          {mode === 'keep' ? (
            <>
              <span>
                <strong>Stored</strong> — {KIND_LABEL[storedKind] ?? storedKind}, encrypted at the hub. The
                value is never shown.
              </span>
              <Button
                size="sm"
                onClick={() =>
                  setMode(storedKind === 'bearer' || storedKind === 'ssh' ? storedKind : 'basic')
                }
              >
                Replace
              </Button>
              <Button size="sm" variant="dangerOutline" onClick={() => setMode('clear')}>
                Clear
              </Button>
            </>
          ) : (
            <>
              <span>The stored credentials will be removed when you save.</span>
              <Button size="sm" onClick={() => setMode('keep')}>
                Undo
              </Button>
            </>
          )}
        </div>
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
          {mode === 'basic' && (
            <div className={styles.grid}>
              <TextField
                label="Username"
                value={state.username}
                onChange={(e) => onChange({ username: e.target.value })}
                error={errors.username}
                autoComplete="off"
                spellCheck={false}
                mono
              />
              <TextField
                label="Password"
                type="password"
                value={state.password}
                onChange={(e) => onChange({ password: e.target.value })}
                error={errors.password}
                autoComplete="new-password"
                hint="Or a personal access token."
              />
            </div>
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
