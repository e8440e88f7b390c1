import { describe, expect, it } from 'vitest';
import { gitSecretFromData } from './git-secret.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe(gitSecretFromData.name, () => {
  it("reads Flux's keys for http(s): username/password, bearerToken, ca.crt", () => {
    expect(gitSecretFromData({ username: b64('git'), password: b64('s3cret') })).toEqual({ credentials: { username: 'git', password: 's3cret' } });
    expect(gitSecretFromData({ bearerToken: b64('tok') })).toEqual({ credentials: { bearerToken: 'tok' } });
    expect(gitSecretFromData({ 'ca.crt': b64('PEM') })).toEqual({ caCert: 'PEM' });
  });

  it('a bearer token wins over basic credentials, ca.crt over the older caFile (fluxcd/pkg git NewAuthOptions)', () => {
    expect(gitSecretFromData({ bearerToken: b64('tok'), username: b64('git'), password: b64('pw'), 'ca.crt': b64('new'), caFile: b64('old') })).toEqual({ credentials: { bearerToken: 'tok' }, caCert: 'new' });
    expect(gitSecretFromData({ caFile: b64('old') })).toEqual({ caCert: 'old' });
  });

  it("reads Flux's keys for ssh: identity, known_hosts and the key's password; identity.pub is not needed", () => {
    expect(gitSecretFromData({ identity: b64('key'), 'identity.pub': b64('pub'), known_hosts: b64('host') })).toEqual({ ssh: { identity: 'key', knownHosts: 'host' } });
    expect(gitSecretFromData({ identity: b64('key'), known_hosts: b64('host'), password: b64('pw') })).toEqual({ ssh: { identity: 'key', knownHosts: 'host', password: 'pw' } });
    expect(gitSecretFromData({ identity: b64('key') })).toEqual({ ssh: { identity: 'key' } });
  });
});
