import { SelectField } from './select-field';
import { TextField } from './text-field';
import {
  FORGE_NAMES,
  isForge,
  type ForgeField,
  type ForgeKind,
  type ForgeSettingsState,
  type ProviderKind,
} from '../lib/forms/forge-provider';

const REPOSITORY_HINT: Record<ForgeKind, string> = {
  github: '"owner/name".',
  gitlab: '"group/project" (groups may nest) or the numeric project id.',
  gitea: '"owner/name".',
};

const API_HINT: Record<ForgeKind, string> = {
  github: 'GitHub Enterprise: https://HOST/api/v3.',
  gitlab: 'Self-hosted GitLab: https://HOST/api/v4.',
  gitea: 'https://HOST/api/v1.',
};

const DERIVED = 'derived from the GitRepository URL';

/**
 * The forge a proposal also becomes a pull request at (an image update automation's, or a FleetSync's for its
 * proposed edits): the provider, then for a forge its repository, API URL and token. The token is write-only:
 * the hub says only whether it holds one, so an edit keeps or replaces it and never shows it. A forge needs a
 * token; choosing Native (which drops it) is how one is removed. `disabled` shows Native and no forge fields.
 */
export function ForgeProviderFields({
  state,
  onChange,
  fieldError,
  hint,
  disabled = false,
}: {
  state: ForgeSettingsState;
  onChange: (patch: Partial<ForgeSettingsState>) => void;
  fieldError: (field: ForgeField) => string | null | undefined;
  hint: string;
  disabled?: boolean;
}) {
  const forge = !disabled && isForge(state.provider) ? state.provider : null;
  return (
    <>
      <SelectField
        label="Pull-request provider"
        value={disabled ? 'native' : state.provider}
        onChange={(e) => onChange({ provider: e.target.value as ProviderKind })}
        disabled={disabled}
        error={fieldError('provider')}
        hint={hint}
      >
        <option value="native">Native (Flotilla only)</option>
        <option value="github">GitHub</option>
        <option value="gitlab">GitLab</option>
        <option value="gitea">Gitea</option>
      </SelectField>
      {forge && <ForgeFields forge={forge} state={state} onChange={onChange} fieldError={fieldError} />}
    </>
  );
}

function ForgeFields({
  forge,
  state,
  onChange,
  fieldError,
}: {
  forge: ForgeKind;
  state: ForgeSettingsState;
  onChange: (patch: Partial<ForgeSettingsState>) => void;
  fieldError: (field: ForgeField) => string | null | undefined;
}) {
  const name = FORGE_NAMES[forge];
  const stored = state.providerTokenStored;
  return (
    <>
      <TextField
        label={`${name} repository`}
        value={state.providerRepository}
        onChange={(e) => onChange({ providerRepository: e.target.value })}
        error={fieldError('providerRepository')}
        placeholder={DERIVED}
        hint={REPOSITORY_HINT[forge]}
        mono
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        label={`${name} API URL`}
        value={state.providerApiUrl}
        onChange={(e) => onChange({ providerApiUrl: e.target.value })}
        error={fieldError('providerApiUrl')}
        placeholder={DERIVED}
        hint={API_HINT[forge]}
        mono
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        label={`${name} token`}
        type="password"
        value={state.providerToken}
        onChange={(e) => onChange({ providerToken: e.target.value })}
        error={fieldError('providerToken')}
        required={!stored}
        hint={
          !stored
            ? 'A token with access to the repository, stored encrypted at the hub and never shown again.'
            : 'Leave empty to keep the stored token; typing replaces it.'
        }
        mono
        autoComplete="new-password"
        spellCheck={false}
      />
    </>
  );
}
