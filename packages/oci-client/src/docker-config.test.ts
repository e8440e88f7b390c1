import { describe, expect, it } from 'vitest';
import { authFromDockerConfig, DockerConfigError } from './docker-config.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('authFromDockerConfig', () => {
  it('reads username/password, the base64 auth field and a registry token, matching keys by host', () => {
    const config = JSON.stringify({
      auths: {
        'registry.example.com:5000': { username: 'u', password: 'p' },
        'https://ghcr.io/v2/': { auth: b64('bot:s3:cret') },
        'token.example': { registrytoken: 'tok' },
      },
    });
    expect(authFromDockerConfig(config, 'registry.example.com:5000')).toEqual({ username: 'u', password: 'p' });
    expect(authFromDockerConfig(config, 'GHCR.io')).toEqual({ username: 'bot', password: 's3:cret' });
    expect(authFromDockerConfig(config, 'token.example')).toEqual({ token: 'tok' });
    expect(authFromDockerConfig(config, 'other.example')).toBeUndefined();
  });

  it('refuses a config that is not JSON, has no auths, or an entry without credentials, naming no secret', () => {
    expect(() => authFromDockerConfig('{', 'r')).toThrow(DockerConfigError);
    expect(() => authFromDockerConfig('{}', 'r')).toThrow(/no "auths" object/);
    const noCreds = JSON.stringify({ auths: { r: { auth: b64('nocolon'), email: 'secret@example.com' } } });
    expect(() => authFromDockerConfig(noCreds, 'r')).toThrow(/entry for "r" has no username and password/);
    try {
      authFromDockerConfig(noCreds, 'r');
    } catch (e) {
      expect(String(e)).not.toContain('nocolon');
    }
  });
});
