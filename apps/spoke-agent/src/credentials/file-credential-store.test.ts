import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialStoreError, type StoredCredential } from './credential-store.js';
import { createFileCredentialStore, defaultStateFile } from './file-credential-store.js';

const stored: StoredCredential = {
  hubUrl: 'http://127.0.0.1:8080',
  clusterId: 'c1',
  clusterName: 'dev',
  credential: 'flc_0123456789abcdef0123',
  tokenSha256: 'a'.repeat(64),
  registeredAt: '2026-11-21T00:00:00.000Z',
};

describe('createFileCredentialStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flotilla-cred-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('returns null when nothing is stored', async () => {
    expect(await createFileCredentialStore(path.join(dir, 'none.json')).load()).toBeNull();
  });

  it('round-trips the credential in a 0600 file inside a 0700 directory it creates', async () => {
    const file = path.join(dir, 'nested', 'agent.json');
    const store = createFileCredentialStore(file);
    await store.save(stored);
    expect(await store.load()).toEqual(stored);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await fs.readdir(path.dirname(file))).toEqual(['agent.json']);
  });

  it('replaces an existing credential', async () => {
    const store = createFileCredentialStore(path.join(dir, 'a.json'));
    await store.save(stored);
    await store.save({ ...stored, credential: 'flc_fedcba9876543210fedc' });
    expect((await store.load())?.credential).toBe('flc_fedcba9876543210fedc');
  });

  it('refuses a damaged file with a message that says what to do, instead of silently re-registering', async () => {
    const file = path.join(dir, 'bad.json');
    await fs.writeFile(file, '{"hubUrl": 1');
    await expect(createFileCredentialStore(file).load()).rejects.toThrow(CredentialStoreError);
    await fs.writeFile(file, '{"hubUrl": "x"}');
    await expect(createFileCredentialStore(file).load()).rejects.toThrow(/damaged.*move it away/);
  });
});

describe('defaultStateFile', () => {
  it('is ~/.flotilla/agent-<hub host>.json', () => {
    expect(defaultStateFile('http://127.0.0.1:8080', '/home/u')).toBe('/home/u/.flotilla/agent-127.0.0.1_8080.json');
    expect(defaultStateFile('https://hub.example.com/prefix', '/home/u')).toBe('/home/u/.flotilla/agent-hub.example.com.json');
  });
});
