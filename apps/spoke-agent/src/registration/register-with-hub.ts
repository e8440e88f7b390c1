import http from 'node:http';
import https from 'node:https';
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
  timeoutMs?: number;
}

/** More than any registration answer; a longer one is not read. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * One POST of JSON over node:http(s), as the agent's other requests go. Node's fetch would load its own HTTP
 * stack (undici and its WebAssembly parser) on first use, about 8 MiB of the agent's memory for one request.
 * Redirects are not followed: the token goes to the URL given and nowhere else.
 */
function postJson(url: string, body: unknown, signal: AbortSignal): Promise<{ status: number; body: unknown }> {
  const u = new URL(url);
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', accept: 'application/json', 'content-length': payload.length };
    const req = (u.protocol === 'https:' ? https : http).request(u, { method: 'POST', headers, signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ANSWER_BYTES) return void req.destroy(new Error(`the answer is over ${MAX_ANSWER_BYTES} bytes`));
        chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
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
  const url = `${options.hubUrl}${AGENT_REGISTER_PATH}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: { status: number; body: unknown };
  try {
    response = await postJson(url, { token: options.token, agentVersion: options.agentVersion }, signal);
  } catch (err) {
    return { ok: false, kind: 'unavailable', message: `cannot reach the hub at ${url} (${err instanceof Error ? err.message : String(err)})` };
  }
  const { body } = response;
  if (response.status >= 300 && response.status < 400) {
    return { ok: false, kind: 'unavailable', message: `the hub at ${url} answered HTTP ${response.status}, a redirect, which registration does not follow` };
  }
  if (response.status >= 200 && response.status < 300) {
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
