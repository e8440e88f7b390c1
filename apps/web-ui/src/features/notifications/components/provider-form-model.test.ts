import { describe, expect, it } from 'vitest';
import type { NotificationProvider } from '../api/list-providers';
import { providerFormState, providerInput } from './provider-form-model';

const stored: NotificationProvider = {
  managedBy: null,
  id: 'p1',
  namespace: 'flotilla-system',
  name: 'chat',
  type: 'generic-hmac',
  address: 'https://hooks.example.com/x',
  channel: null,
  username: null,
  timeout: '30s',
  proxy: null,
  suspend: false,
  secretKeys: ['token'],
  hasCertificate: true,
  ready: true,
  message: null,
  field: null,
};

describe('provider form model', () => {
  it('editing starts from the stored spec with the secret and certificate empty (write-only)', () => {
    const s = providerFormState(stored);
    expect(s).toMatchObject({
      name: 'chat',
      type: 'generic-hmac',
      timeout: '30s',
      token: '',
      certificate: '',
    });
  });

  it('an edit that leaves the secret and certificate empty sends neither, so the hub keeps both', () => {
    const input = providerInput({ ...providerFormState(stored), channel: 'ops' });
    expect(input).toMatchObject({ name: 'chat', channel: 'ops', secret: null, certificate: null });
    expect(input).not.toHaveProperty('clearSecret');
    expect(input).not.toHaveProperty('clearCertificate');
  });

  it('a typed secret field sends the secret (headers without blank rows); remove is sent only when nothing is typed', () => {
    const s = providerFormState(stored);
    expect(
      providerInput({
        ...s,
        token: 't',
        headers: [
          { key: 'x-a', value: '1' },
          { key: '', value: '' },
        ],
      }).secret,
    ).toEqual({ token: 't', headers: [{ key: 'x-a', value: '1' }] });
    expect(providerInput({ ...s, clearSecret: true })).toMatchObject({ secret: null, clearSecret: true });
    expect(providerInput({ ...s, clearSecret: true, token: 't' })).not.toHaveProperty('clearSecret');
    expect(providerInput({ ...s, clearCertificate: true })).toMatchObject({ clearCertificate: true });
  });
});
