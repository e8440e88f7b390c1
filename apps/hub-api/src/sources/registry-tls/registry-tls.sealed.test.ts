import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from '../../common/secret-box.js';
import { openRegistryTls, registryTlsFlags, registryTlsUpdate, sealRegistryTls } from './registry-tls.sealed.js';

const box = SecretBox.fromBase64(randomBytes(32).toString('base64'));
const ca = '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n';
const cert = '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n';
const key = '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n';

describe('registry TLS material at rest', () => {
  it('opens only under the context it was sealed with (a credentials ciphertext or another row’s does not open as it)', () => {
    const sealed = sealRegistryTls(box, { ca }, 'ocirepository-tls:a');
    expect(openRegistryTls(box, sealed, 'ocirepository-tls:a')).toEqual({ ca });
    expect(() => openRegistryTls(box, sealed, 'ocirepository-tls:b')).toThrow(SecretBoxError);
    expect(() => openRegistryTls(box, sealed, 'ocirepository:a')).toThrow(SecretBoxError);
  });

  it('an update with a new CA keeps the stored client certificate (as editing one key of a Secret keeps the others); clear drops all; nothing given leaves the row alone', () => {
    const stored = sealRegistryTls(box, { ca, cert, key }, 'helmrepository-tls:r');
    const newCa = '-----BEGIN CERTIFICATE-----\nNEW\n-----END CERTIFICATE-----\n';
    const next = registryTlsUpdate(box, 'helmrepository-tls:r', stored, { ca: newCa }, false)!;
    expect(next.kind).toBe('ca+client');
    expect(openRegistryTls(box, next.sealed!, 'helmrepository-tls:r')).toEqual({ ca: newCa, cert, key });
    expect(registryTlsUpdate(box, 'helmrepository-tls:r', stored, undefined, true)).toEqual({ sealed: null, kind: null });
    expect(registryTlsUpdate(box, 'helmrepository-tls:r', stored, undefined, false)).toBeUndefined();
  });

  it('stored material that no longer opens is replaced by what is given', () => {
    const foreign = sealRegistryTls(SecretBox.fromBase64(randomBytes(32).toString('base64')), { cert, key }, 'helmrepository-tls:r');
    const next = registryTlsUpdate(box, 'helmrepository-tls:r', foreign, { ca }, false)!;
    expect(openRegistryTls(box, next.sealed!, 'helmrepository-tls:r')).toEqual({ ca });
    expect(next.kind).toBe('ca');
  });

  it('a client certificate without its key cannot be sealed; the flags say what is stored, never a value', () => {
    expect(() => sealRegistryTls(box, { cert }, 'x')).toThrow();
    expect(registryTlsFlags('ca+client')).toEqual({ hasCaCertificate: true, hasClientCertificate: true });
    expect(registryTlsFlags('client')).toEqual({ hasCaCertificate: false, hasClientCertificate: true });
    expect(registryTlsFlags(null)).toEqual({ hasCaCertificate: false, hasClientCertificate: false });
  });
});
