import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { decryptObjects, isSopsEncrypted } from './decrypt-objects.js';

const dir = new URL('../../testdata/sops/', import.meta.url);
const testKey = readFileSync(new URL('keys/test.agekey', dir), 'utf8');
const encrypted = parse(readFileSync(new URL('encrypted/partial-regex.yaml', dir), 'utf8')) as Record<string, unknown>;
const plain = parse(readFileSync(new URL('plain/partial-regex.yaml', dir), 'utf8')) as Record<string, unknown>;
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' }, data: { a: 'b' } };

describe('decryptObjects (kustomize-controller decryption.provider: sops)', () => {
  it('decrypts SOPS-encrypted objects of a build and passes the others through', async () => {
    expect(isSopsEncrypted(encrypted)).toBe(true);
    const res = await decryptObjects([configMap, encrypted], [testKey]);
    expect(res.ok && res.value).toEqual([configMap, plain]);
  });

  it('never passes an encrypted Secret on as ciphertext when no keys are configured (flux.md §2 SOPS)', async () => {
    const res = await decryptObjects([encrypted], undefined);
    expect(res.ok ? 'ok' : res.errors[0]).toMatchObject({ code: 'SOPS_NO_MATCHING_KEY', path: 'Secret/apps/partial' });
  });

  it('honours kustomize.toolkit.fluxcd.io/decrypt: Disabled for non-Secrets; a Secret that opts out is an error', async () => {
    const meta = { ...(encrypted.metadata as object), annotations: { 'kustomize.toolkit.fluxcd.io/decrypt': 'Disabled' } };
    const cm = { ...encrypted, kind: 'ConfigMap', metadata: meta };
    expect(await decryptObjects([cm], [testKey])).toMatchObject({ ok: true, value: [cm] });
    const secret = { ...encrypted, metadata: meta };
    expect(await decryptObjects([secret], [testKey])).toMatchObject({ ok: false, errors: [{ code: 'SOPS_UNSUPPORTED' }] });
  });
});
