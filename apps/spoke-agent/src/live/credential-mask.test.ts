import { describe, expect, it } from 'vitest';
import { credentialLeaves, withMasked } from './credential-mask.js';
import { maskManifestPair } from './helm-manifest-mask.js';

const masked = (own: unknown, other: unknown, side: 'before' | 'after' = 'after') => withMasked(own, credentialLeaves(own, other, side));

describe('credentialLeaves', () => {
  it('masks strings and numbers under a credential-looking key at any depth, keeps booleans, nulls and other keys', () => {
    const values = { image: { tag: '1.2' }, auth: { password: 'p1', apiKey: 'k', enabled: true, pin: null }, db: { secrets: { root: 'r', port: 5432 } }, replicas: 2 };
    expect(masked(values, values)).toEqual({
      image: { tag: '1.2' },
      auth: { password: '***', apiKey: '***', enabled: true, pin: null },
      db: { secrets: { root: '***', port: '***' } },
      replicas: 2,
    });
  });

  it('marks a masked value that differs from the other revision, and one the other revision lacks as plain ***', () => {
    expect(masked({ token: 'new', adminPassword: 'same', cookieSecret: 'only-here' }, { token: 'old', adminPassword: 'same' }, 'after')).toEqual({
      token: '*** (after)',
      adminPassword: '***',
      cookieSecret: '***',
    });
  });

  it('keeps references to Secrets by name, and masks an environment variable named like a credential', () => {
    const env = [
      { name: 'DB_PASSWORD', value: 'p' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'db', key: 'token' } } },
    ];
    expect(masked({ env, existingSecretName: 'db', imagePullSecrets: [{ name: 'regcred' }], secret: { secretName: 'tls' } }, {})).toEqual({
      env: [{ name: 'DB_PASSWORD', value: '***' }, { name: 'LOG_LEVEL', value: 'debug' }, env[2]],
      existingSecretName: 'db',
      imagePullSecrets: [{ name: 'regcred' }],
      secret: { secretName: 'tls' },
    });
  });
});

describe('maskManifestPair', () => {
  it('masks every value of a Secret, keys kept, and keeps helm’s comments and the other objects as rendered', () => {
    const secret = (v: string) => `---\n# Source: c/templates/s.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  tls.crt: ${v}\n  plain: c2FtZQ==\n`;
    const cm = `---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  mode: 'fast'   # kept\n`;
    const r = maskManifestPair(secret('YQ==') + cm, secret('Yg==') + cm);
    expect(r).toEqual({
      ok: true,
      before: `---\n# Source: c/templates/s.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  tls.crt: "*** (before)"\n  plain: "***"\n${cm}`,
      after: `---\n# Source: c/templates/s.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  tls.crt: "*** (after)"\n  plain: "***"\n${cm}`,
    });
  });

  it('replaces a block scalar where it stands, the rest of the text as it was', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  key.pem: |\n    -----BEGIN KEY-----\n    abc\n  user: admin\n\n---\nkind: ConfigMap\n';
    expect(maskManifestPair(secret, secret)).toEqual({ ok: true, before: secret.replace('|\n    -----BEGIN KEY-----\n    abc\n', '"***"\n').replace('user: admin', 'user: "***"'), after: expect.any(String) });
  });

  it('refuses a manifest it cannot parse, or a value behind an alias, rather than send it unmasked', () => {
    const broken = maskManifestPair('apiVersion: v1\nkind: Secret\ndata:\n  password: [hunter2-unclosed', '');
    expect(broken).toMatchObject({ ok: false });
    expect(JSON.stringify(broken)).not.toContain('hunter2');
    expect(maskManifestPair('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nx: &p hunter2\ndata:\n  password: *p\n', '')).toMatchObject({ ok: false });
  });
});
