import { CheckboxField } from '../../../components/checkbox-field';
import { TextField } from '../../../components/text-field';
import {
  FORGE_NAMES,
  type ForgeKind,
  type ImageAutomationFormField,
  type ImageAutomationFormState,
} from './image-automation-form-model';

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
 * The forge a proposal also becomes a pull request at. The token is write-only: the hub says only whether it
 * holds one, so an edit offers to keep, replace or remove it and never shows it.
 */
export function ProviderFields({
  forge,
  state,
  onChange,
  fieldError,
}: {
  forge: ForgeKind;
  state: ImageAutomationFormState;
  onChange: (patch: Partial<ImageAutomationFormState>) => void;
  fieldError: (field: ImageAutomationFormField) => string | null | undefined;
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
        disabled={stored && state.removeProviderToken}
        hint={
          !stored
            ? 'A token with access to the repository, stored encrypted at the hub and never shown again.'
            : state.removeProviderToken
              ? 'The stored token is removed when you save.'
              : 'Leave empty to keep the stored token; typing replaces it.'
        }
        mono
        autoComplete="new-password"
        spellCheck={false}
      />
      {stored && (
        <CheckboxField
          label="Remove the stored token"
          checked={state.removeProviderToken}
          onChange={(removeProviderToken) => onChange({ removeProviderToken, providerToken: '' })}
        />
      )}
    </>
  );
}
