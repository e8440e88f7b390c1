import { describe, expect, it } from 'vitest';
import { AGENT_EXIT_CODES } from '@flotilla/protocol';
import { CredentialStoreError, sha256Hex, type CredentialStore, type StoredCredential } from '../credentials/credential-store.js';
import type { RegistrationResult, registerWithHub } from '../registration/register-with-hub.js';
import { captureLogger } from '../testing/capture-logger.js';
import { obtainCredential } from './obtain-credential.js';

// Decision logic of "reuse the stored credential or spend the token", with the store and the hub as ports.
const hubUrl = 'http://hub:8080';
const stored = (over: Partial<StoredCredential> = {}): StoredCredential => ({
  hubUrl,
  clusterId: 'c-old',
  clusterName: 'old',
  credential: 'flc_oldoldoldoldoldold00',
  tokenSha256: sha256Hex('flr_first'),
  registeredAt: '2026-11-21T00:00:00.000Z',
  ...over,
});

function memoryStore(initial: StoredCredential | null, opts: { writable?: boolean } = {}) {
  let value = initial;
  const store: CredentialStore = {
    location: 'memory',
    load: async () => value,
    save: async (c) => {
      value = c;
    },
    checkWritable: async () => {
      if (opts.writable === false) throw new CredentialStoreError('cannot write memory');
    },
  };
  return { store, current: () => value };
}

function hub(results: RegistrationResult[]) {
  const calls: string[] = [];
  const register: typeof registerWithHub = async ({ token }) => {
    calls.push(token);
    return results.shift() ?? { ok: false, kind: 'unavailable', message: 'no more answers' };
  };
  return { register, calls };
}

const fresh: RegistrationResult = { ok: true, registration: { clusterId: 'c-new', clusterName: 'new', credential: 'flc_newnewnewnewnewnew00' } };

async function run(store: CredentialStore, token: string | undefined, register: typeof registerWithHub) {
  const log = captureLogger();
  const outcome = await obtainCredential({
    hubUrl,
    token,
    store,
    register,
    logger: log.logger,
    signal: new AbortController().signal,
    backoff: { baseMs: 1, maxMs: 2 },
  });
  return { outcome, log };
}

describe('obtainCredential', () => {
  it('reuses the stored credential when restarted with the same token (single-use token not spent again)', async () => {
    const h = hub([]);
    const { outcome } = await run(memoryStore(stored()).store, 'flr_first', h.register);
    expect(outcome).toEqual({ kind: 'credential', stored: stored() });
    expect(h.calls).toEqual([]);
  });

  it('reuses the stored credential when started without a token', async () => {
    const h = hub([]);
    expect((await run(memoryStore(stored()).store, undefined, h.register)).outcome).toMatchObject({ kind: 'credential' });
    expect(h.calls).toEqual([]);
  });

  it('registers again when given a different token, and stores its hash, not the token', async () => {
    const m = memoryStore(stored());
    const h = hub([fresh]);
    const { outcome } = await run(m.store, 'flr_second', h.register);
    expect(outcome).toMatchObject({ kind: 'credential', stored: { clusterId: 'c-new', tokenSha256: sha256Hex('flr_second') } });
    expect(JSON.stringify(m.current())).not.toContain('flr_second');
  });

  it('registers when the stored credential belongs to another hub', async () => {
    const h = hub([fresh]);
    await run(memoryStore(stored({ hubUrl: 'http://other:8080' })).store, 'flr_first', h.register);
    expect(h.calls).toEqual(['flr_first']);
  });

  it('no credential and no token → exit 2 saying to pass --token', async () => {
    const { outcome } = await run(memoryStore(null).store, undefined, hub([]).register);
    expect(outcome).toMatchObject({ kind: 'fatal', exitCode: AGENT_EXIT_CODES.registration });
  });

  it('an unwritable store fails before the token is spent (nothing is lost)', async () => {
    const h = hub([fresh]);
    await expect(run(memoryStore(null, { writable: false }).store, 'flr_first', h.register)).rejects.toThrow(CredentialStoreError);
    expect(h.calls).toEqual([]);
  });

  it('retries an unavailable hub with backoff, then stores the credential', async () => {
    const m = memoryStore(null);
    const h = hub([{ ok: false, kind: 'unavailable', message: 'down' }, { ok: false, kind: 'unavailable', message: 'down' }, fresh]);
    const { outcome, log } = await run(m.store, 'flr_first', h.register);
    expect(outcome).toMatchObject({ kind: 'credential' });
    expect(h.calls).toHaveLength(3);
    expect(log.lines().filter((l) => l.msg === 'registration failed; retrying')).toHaveLength(2);
    expect(m.current()?.credential).toBe('flc_newnewnewnewnewnew00');
    expect(log.text()).not.toContain('flc_newnewnewnewnewnew00');
  });
});
