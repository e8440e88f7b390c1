// The pull-request provider settings an image update automation and a FleetSync share: where their proposals
// are reviewed besides the hub, and the forge's repository, API URL and write-only token.
export type ForgeKind = 'github' | 'gitlab' | 'gitea';
export type ProviderKind = 'native' | ForgeKind;
export type ForgeField = 'provider' | 'providerRepository' | 'providerApiUrl' | 'providerToken';

export const FORGE_NAMES: Record<ForgeKind, string> = { github: 'GitHub', gitlab: 'GitLab', gitea: 'Gitea' };
export const isForge = (v: string): v is ForgeKind => Object.hasOwn(FORGE_NAMES, v);
/** A provider as people name it: "GitHub" for `github`. */
export const forgeName = (provider: string): string => (isForge(provider) ? FORGE_NAMES[provider] : provider);

export interface ForgeSettingsState {
  provider: ProviderKind;
  /** Empty: the hub derives it from the GitRepository URL. */
  providerRepository: string;
  providerApiUrl: string;
  /** A new token to store; empty keeps the stored one (edit) — the stored value is never read back. */
  providerToken: string;
  /** Whether the hub holds a token already. */
  providerTokenStored: boolean;
}

export const emptyForgeSettings = (): ForgeSettingsState => ({ provider: 'native', providerRepository: '', providerApiUrl: '', providerToken: '', providerTokenStored: false });

/** The form's state from what the hub answers (it says only whether it holds a token). */
export const forgeSettingsFrom = (o: { provider: string; providerRepository?: string | null; providerApiUrl?: string | null; providerTokenSet: boolean }): ForgeSettingsState => ({
  provider: isForge(o.provider) ? o.provider : 'native',
  providerRepository: o.providerRepository ?? '',
  providerApiUrl: o.providerApiUrl ?? '',
  providerToken: '',
  providerTokenStored: o.providerTokenSet,
});

const orNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());

/**
 * The hub's input for `forge` (null: native). The token is write-only: an empty field sends nothing, so the
 * stored one is kept; typing replaces it.
 */
export function forgeSettingsInput(s: ForgeSettingsState, forge: ForgeKind | null): { provider: ProviderKind; providerRepository: string | null; providerApiUrl: string | null; providerToken?: string } {
  if (!forge) return { provider: 'native', providerRepository: null, providerApiUrl: null };
  return { provider: forge, providerRepository: orNull(s.providerRepository), providerApiUrl: orNull(s.providerApiUrl), ...(s.providerToken === '' ? {} : { providerToken: s.providerToken }) };
}

/** The one check the form makes itself (the formats are the hub's to judge): a forge needs a token. */
export const forgeTokenError = (s: ForgeSettingsState, forge: ForgeKind | null): string | null =>
  forge && !s.providerTokenStored && s.providerToken === '' ? `${FORGE_NAMES[forge]} needs a token with access to the repository.` : null;
