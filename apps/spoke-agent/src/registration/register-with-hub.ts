import {
  AGENT_REGISTER_PATH,
  registrationErrorResponseSchema,
  registrationResponseSchema,
  type RegistrationErrorCode,
  type RegistrationResponse,
} from '@flotilla/protocol';

export type RegistrationResult =
  | { ok: true; registration: RegistrationResponse }
  /** The hub said no: retrying with the same token cannot help. */
  | { ok: false; kind: 'rejected'; code: RegistrationErrorCode | 'HUB_REFUSED'; message: string }
  /** The hub could not be reached or failed: retry with backoff. */
  | { ok: false; kind: 'unavailable'; message: string };

export interface RegisterOptions {
  hubUrl: string;
  token: string;
  agentVersion: string;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/** What to do about each refusal, in plain words; the hub's own message is appended. */
const ADVICE: Record<RegistrationErrorCode, string> = {
  REGISTRATION_TOKEN_INVALID: 'the registration token is not valid: it is mistyped or was not issued by this hub. Copy the command again from the hub UI, or create a new token.',
  REGISTRATION_TOKEN_EXPIRED: 'the registration token has expired. Create a new token for this cluster in the hub UI and run the agent with it.',
  REGISTRATION_TOKEN_USED: 'the registration token was already used: each token registers one agent. If this agent registered before, its stored credential was lost; create a new token in the hub UI.',
  BAD_REQUEST: 'the hub rejected the registration request as malformed.',
};

/** POST /api/agent/register: trades the single-use token for the cluster's own credential. */
export async function registerWithHub(options: RegisterOptions): Promise<RegistrationResult> {
  const doFetch = options.fetchImpl ?? fetch;
  const url = `${options.hubUrl}${AGENT_REGISTER_PATH}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: options.token, agentVersion: options.agentVersion }),
      signal,
      redirect: 'error',
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { ok: false, kind: 'unavailable', message: `cannot reach the hub at ${url} (${err instanceof Error ? err.message : String(err)}${cause})` };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = registrationResponseSchema.safeParse(body);
    if (parsed.success) return { ok: true, registration: parsed.data };
    return { ok: false, kind: 'rejected', code: 'HUB_REFUSED', message: `the hub at ${url} answered 200 without a valid registration; is --hub the Flotilla hub?` };
  }
  if (response.status >= 500 || response.status === 429) {
    return { ok: false, kind: 'unavailable', message: `the hub answered HTTP ${response.status} to registration` };
  }
  const error = registrationErrorResponseSchema.safeParse(body);
  if (error.success) {
    const { code, message } = error.data.error;
    return { ok: false, kind: 'rejected', code, message: `${ADVICE[code]} (hub: ${message})` };
  }
  return {
    ok: false,
    kind: 'rejected',
    code: 'HUB_REFUSED',
    message: `the hub at ${url} refused registration with HTTP ${response.status}; is --hub the Flotilla hub URL?`,
  };
}
