import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyReceiverRequest } from './verify-request.js';
import { webhookPath } from './webhook-path.js';

const body = Buffer.from('{"ref":"refs/heads/main"}');
const hmac = (algo: string, key: string) => `${algo}=${createHmac(algo, key).update(body).digest('hex')}`;

describe(verifyReceiverRequest.name, () => {
  it('generic-hmac: X-Signature with sha1, sha256 or sha512 of the body keyed with the token (Flux generic-hmac)', () => {
    for (const algo of ['sha1', 'sha256', 'sha512'])
      expect(
        verifyReceiverRequest('generic-hmac', 'k', [], { 'x-signature': hmac(algo, 'k') }, body).outcome,
      ).toBe('accept');
    expect(
      verifyReceiverRequest('generic-hmac', 'k', [], { 'x-signature': hmac('md5', 'k') }, body),
    ).toMatchObject({ outcome: 'refuse', status: 401 });
    expect(
      verifyReceiverRequest('generic-hmac', 'k', [], { 'x-signature': hmac('sha256', 'other') }, body),
    ).toMatchObject({ outcome: 'refuse', status: 401 });
    expect(verifyReceiverRequest('generic-hmac', 'k', [], {}, body)).toMatchObject({
      outcome: 'refuse',
      status: 401,
    });
  });

  it('github (and Gitea): X-Hub-Signature-256, else the older sha1 X-Hub-Signature; ping ignored; events filter case-insensitive', () => {
    const h = {
      'x-hub-signature-256': hmac('sha256', 'k'),
      'x-github-event': 'push',
      'x-github-delivery': 'd1',
    };
    expect(verifyReceiverRequest('github', 'k', ['Push'], h, body)).toEqual({
      outcome: 'accept',
      deliveryId: 'd1',
    });
    expect(
      verifyReceiverRequest(
        'github',
        'k',
        [],
        { 'x-hub-signature': hmac('sha1', 'k'), 'x-github-event': 'push', 'x-gitea-delivery': 'g1' },
        body,
      ),
    ).toEqual({ outcome: 'accept', deliveryId: 'g1' });
    expect(
      verifyReceiverRequest('github', 'k', ['push'], { ...h, 'x-github-event': 'ping' }, body).outcome,
    ).toBe('ignore');
    expect(
      verifyReceiverRequest('github', 'k', ['push'], { ...h, 'x-github-event': 'release' }, body).outcome,
    ).toBe('ignore');
    // A bad signature is refused before the event type is looked at, so probing events needs the token.
    expect(
      verifyReceiverRequest('github', 'x', ['push'], { ...h, 'x-github-event': 'release' }, body),
    ).toMatchObject({ outcome: 'refuse', status: 401 });
  });

  it('bitbucket: sha256 X-Hub-Signature, X-Event-Key filter, diagnostics:ping ignored', () => {
    const h = {
      'x-hub-signature': hmac('sha256', 'k'),
      'x-event-key': 'repo:refs_changed',
      'x-request-id': 'b1',
    };
    expect(verifyReceiverRequest('bitbucket', 'k', ['repo:refs_changed'], h, body)).toEqual({
      outcome: 'accept',
      deliveryId: 'b1',
    });
    expect(
      verifyReceiverRequest('bitbucket', 'k', [], { ...h, 'x-event-key': 'diagnostics:ping' }, body).outcome,
    ).toBe('ignore');
    expect(
      verifyReceiverRequest('bitbucket', 'k', [], { ...h, 'x-hub-signature': hmac('sha1', 'k') }, body)
        .outcome,
    ).toBe('refuse');
  });

  it('dockerhub and quay: only that the body is JSON (the secret path is the protection)', () => {
    expect(verifyReceiverRequest('dockerhub', 'k', [], {}, body).outcome).toBe('accept');
    expect(verifyReceiverRequest('quay', 'k', [], {}, Buffer.from('{nope'))).toMatchObject({
      outcome: 'refuse',
      status: 400,
    });
  });
});

describe(webhookPath.name, () => {
  it('is /hook/ + hex sha256 of token + name + namespace (Flux Receiver status.webhookPath)', () => {
    expect(webhookPath('tok', 'app', 'flux-system')).toBe(
      `/hook/${createHash('sha256').update('tokappflux-system').digest('hex')}`,
    );
  });
});
