import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { decryptObjects, isSopsEncrypted } from './decrypt-objects.js';

const dir = new URL('../../testdata/sops/', import.meta.url);
const testKey = readFileSync(new URL('keys/test.agekey', dir), 'utf8');
const encrypted = parse(readFileSync(new URL('encrypted/partial-regex.yaml', dir), 'utf8')) as Record<
  string,
  unknown
>;
const plain = parse(readFileSync(new URL('plain/partial-regex.yaml', dir), 'utf8')) as Record<
  string,
  unknown
>;
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' }, data: { a: 'b' } };

describe('decryptObjects (kustomize-controller decryption.provider: sops)', () => {
  it('decrypts SOPS-encrypted objects of a build and passes the others through', async () => {
    expect(isSopsEncrypted(encrypted)).toBe(true);
    const res = await decryptObjects([configMap, encrypted], [testKey]);
    expect(res.ok && res.value).toEqual([configMap, plain]);
  });

  it('never passes an encrypted Secret on as ciphertext when no keys are configured (flux.md §2 SOPS)', async () => {
    const res = await decryptObjects([encrypted], undefined);
    expect(res.ok ? 'ok' : res.errors[0]).toMatchObject({
      code: 'SOPS_NO_MATCHING_KEY',
      path: 'Secret/apps/partial',
    });
  });

  it('honours kustomize.toolkit.fluxcd.io/decrypt: Disabled for non-Secrets; a Secret that opts out is an error', async () => {
    const meta = {
      ...(encrypted.metadata as object),
      annotations: { 'kustomize.toolkit.fluxcd.io/decrypt': 'Disabled' },
    };
    const cm = { ...encrypted, kind: 'ConfigMap', metadata: meta };
    expect(await decryptObjects([cm], [testKey])).toMatchObject({ ok: true, value: [cm] });
    const secret = { ...encrypted, metadata: meta };
    expect(await decryptObjects([secret], [testKey])).toMatchObject({
      ok: false,
      errors: [{ code: 'SOPS_UNSUPPORTED' }],
    });
  });
});

describe('decryptObjects: Secrets generated from SOPS-encrypted files (kustomize-controller DecryptResource)', () => {
  const b64 = (p: string) => readFileSync(new URL(p, dir)).toString('base64');
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'generated', namespace: 'apps' },
    data: {
      'app.env': b64('encrypted/app.env'),
      'config.json': b64('encrypted/config.json'),
      'blob.bin': b64('encrypted/blob.bin.json'),
      'secret.yaml': b64('encrypted/secret.yaml'),
      'as.yaml': b64('encrypted/config.json'),
      untouched: Buffer.from('not encrypted').toString('base64'),
    },
  };
  const decoded = (v: unknown) => Buffer.from(String(v), 'base64');

  it('decrypts each encrypted data value into the format its key names, leaving other values alone', async () => {
    const res = await decryptObjects([secret], [testKey]);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const data = res.value[0]?.data as Record<string, string>;
    expect(decoded(data['app.env']).toString()).toBe(readFileSync(new URL('plain/app.env', dir), 'utf8'));
    expect(JSON.parse(decoded(data['config.json']).toString())).toEqual(
      JSON.parse(readFileSync(new URL('plain/config.json', dir), 'utf8')),
    );
    expect(decoded(data['blob.bin']).equals(readFileSync(new URL('plain/blob.bin', dir)))).toBe(true);
    expect(parse(decoded(data['secret.yaml']).toString())).toEqual(
      parse(readFileSync(new URL('plain/secret.yaml', dir), 'utf8')),
    );
    expect(parse(decoded(data['as.yaml']).toString())).toEqual(
      JSON.parse(readFileSync(new URL('plain/config.json', dir), 'utf8')),
    );
    expect(data.untouched).toBe(secret.data.untouched);
  });

  it('a wrong key fails the build naming the Secret field', async () => {
    const other = readFileSync(new URL('keys/other.agekey', dir), 'utf8');
    const res = await decryptObjects([secret], [other]);
    expect(res.ok ? 'ok' : res.errors[0]).toMatchObject({
      code: 'SOPS_NO_MATCHING_KEY',
      path: expect.stringContaining('Secret/apps/generated data.'),
    });
  });

  it('without keys the build fails rather than apply ciphertext (Flux would apply it); a plain Secret passes', async () => {
    const res = await decryptObjects([secret], []);
    expect(res.ok ? 'ok' : res.errors[0]).toMatchObject({
      code: 'SOPS_NO_MATCHING_KEY',
      path: 'Secret/apps/generated',
    });
    const plainSecret = { ...secret, data: { untouched: secret.data.untouched } };
    expect(await decryptObjects([plainSecret], [])).toMatchObject({ ok: true, value: [plainSecret] });
  });
});
