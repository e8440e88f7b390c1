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
 * holds one, so an edit keeps or replaces it and never shows it. A forge needs a token; choosing Native
 * (which drops it) is how one is removed.
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
