import { readFileSync } from 'node:fs';

// Node-only (reads the template file), hence the separate entry point `@flotilla/protocol/agent-manifests`:
// the main entry stays importable from the browser.

/** The template the hub fills: deploy/agent/flotilla-agent.yaml in the repository. */
export const AGENT_MANIFEST_TEMPLATE_URL = new URL('../../../deploy/agent/flotilla-agent.yaml', import.meta.url);

export interface AgentManifestValues {
  /** The hub's public URL as agents reach it. */
  hubUrl: string;
  /** The registration token (single-use; it ends up in a Secret, never in the Deployment spec). */
  token: string;
  /** The agent container image, e.g. `registry.example.com/flotilla/agent:0.1.0`. */
  image: string;
}

/** An install whose credential is put in the cluster directly (`flotilla bootstrap`): no registration token. */
export type AgentInstallValues = Omit<AgentManifestValues, 'token'>;

export class AgentManifestError extends Error {
  override readonly name = 'AgentManifestError';
}

// Image references: [registry[:port]/]path[:tag][@sha256:digest], the characters Docker's reference grammar allows.
const IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const TOKEN = /^[\x21-\x7e]{1,512}$/;

function validate(values: AgentInstallValues & { token?: string }): void {
  let url: URL;
  try {
    url = new URL(values.hubUrl);
  } catch {
    throw new AgentManifestError(`hubUrl "${values.hubUrl}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AgentManifestError('hubUrl must be http(s)');
  if (url.username || url.password || url.search || url.hash) throw new AgentManifestError('hubUrl must not carry credentials, a query or a fragment');
  if (values.token !== undefined && !TOKEN.test(values.token)) throw new AgentManifestError('token must be 1-512 printable characters without spaces');
  if (!IMAGE.test(values.image)) throw new AgentManifestError(`image "${values.image}" is not a valid image reference`);
}

/**
 * Fills a template whose placeholders are written as double-quoted YAML strings (`"{{HUB_URL}}"`). Values are
 * inserted JSON-escaped — a JSON string is a valid YAML double-quoted scalar — so no value can break out of its
 * field, whatever it contains.
 */
export function fillAgentManifestTemplate(template: string, values: AgentManifestValues | AgentInstallValues): string {
  validate(values);
  const byName: Record<string, string> = {
    HUB_URL: values.hubUrl.replace(/\/+$/, ''),
    ...('token' in values ? { REGISTRATION_TOKEN: values.token } : {}),
    AGENT_IMAGE: values.image,
  };
  const filled = template.replace(/"\{\{([A-Z_]+)\}\}"/g, (match, name: string) => {
    const value = byName[name];
    if (value === undefined) throw new AgentManifestError(`template has an unknown placeholder ${match}`);
    return JSON.stringify(value);
  });
  if (filled.includes('{{')) throw new AgentManifestError('template has a placeholder that is not a whole double-quoted value');
  return filled;
}

let template: string | undefined;

const REGISTRATION_SECRET = 'flotilla-agent-registration';

/** The multi-document YAML the UI shows for `kubectl apply -f -` (GraphQL `RegistrationToken.agentManifests`). */
export function renderAgentManifests(values: AgentManifestValues): string {
  template ??= readFileSync(AGENT_MANIFEST_TEMPLATE_URL, 'utf8');
  return fillAgentManifestTemplate(template, values);
}

/**
 * The same manifests without the registration token's Secret, for an install that stores the agent's
 * credential in the cluster itself: what `flotilla bootstrap` commits to git, where no secret may go.
 */
export function renderAgentInstallManifests(values: AgentInstallValues): string {
  template ??= readFileSync(AGENT_MANIFEST_TEMPLATE_URL, 'utf8');
  const documents = template.split(/^---\n/m);
  const kept = documents.filter((d) => !(/^kind: Secret$/m.test(d) && new RegExp(`^  name: ${REGISTRATION_SECRET}$`, 'm').test(d)));
  if (kept.length !== documents.length - 1) throw new AgentManifestError(`the template has no single Secret ${REGISTRATION_SECRET}`);
  return fillAgentManifestTemplate(kept.join('---\n'), values);
}
