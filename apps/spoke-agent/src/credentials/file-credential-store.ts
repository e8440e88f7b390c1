import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CredentialStoreError, storedCredentialSchema, type CredentialStore, type StoredCredential } from './credential-store.js';

/** `~/.flotilla/agent-<hub host>.json`, one file per hub so one machine can join several hubs. */
export function defaultStateFile(hubUrl: string, home: string = os.homedir()): string {
  const host = new URL(hubUrl).host.replace(/[^A-Za-z0-9.-]/g, '_');
  return path.join(home, '.flotilla', `agent-${host}.json`);
}

/** Stores the credential in a JSON file readable only by its owner (0600, directory 0700), replaced atomically. */
export function createFileCredentialStore(file: string): CredentialStore {
  return {
    location: `file ${file}`,
    async load() {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new CredentialStoreError(`cannot read credential file ${file}: ${(err as Error).message}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new CredentialStoreError(`credential file ${file} is not valid JSON; move it away to register again`);
      }
      const parsed = storedCredentialSchema.safeParse(json);
      if (!parsed.success) throw new CredentialStoreError(`credential file ${file} is damaged (${parsed.error.issues.length} bad fields); move it away to register again`);
      return parsed.data;
    },
    async checkWritable() {
      const dir = path.dirname(file);
      try {
        await fs.mkdir(dir, { recursive: true, mode: 0o700 });
        await fs.access(dir, fs.constants.W_OK);
      } catch (err) {
        throw new CredentialStoreError(`cannot write credential file ${file}: ${(err as Error).message}`);
      }
    },
    async save(credential: StoredCredential) {
      const dir = path.dirname(file);
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await fs.writeFile(tmp, JSON.stringify(credential, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
        await fs.rename(tmp, file);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        throw new CredentialStoreError(`cannot write credential file ${file}: ${(err as Error).message}`);
      }
    },
  };
}
