import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyReceiverRequest } from './verify-request.js';

const now = new Date('2026-12-03T12:00:00Z');
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

describe('nexus receiver', () => {
  const body = json({ action: 'CREATED', repositoryName: 'docker-hosted' });
  const sig = (key: string, b: Buffer = body) => createHmac('sha1', key).update(b).digest('hex');

  it('accepts X-Nexus-Webhook-Signature = hex HMAC-SHA1 of the body keyed with the token (no algo= prefix)', () => {
    expect(
      verifyReceiverRequest('nexus', 'k', [], { 'x-nexus-webhook-signature': sig('k') }, body, now),
    ).toEqual({ outcome: 'accept', deliveryId: null });
  });

  it('refuses a missing or wrong signature with 401, and a signed body that is not JSON with 400', () => {
    expect(verifyReceiverRequest('nexus', 'k', [], {}, body, now)).toMatchObject({ status: 401 });
    expect(
      verifyReceiverRequest('nexus', 'k', [], { 'x-nexus-webhook-signature': sig('other') }, body, now),
    ).toMatchObject({ outcome: 'refuse', status: 401 });
    const sha256 = createHmac('sha256', 'k').update(body).digest('hex');
    expect(
      verifyReceiverRequest('nexus', 'k', [], { 'x-nexus-webhook-signature': sha256 }, body, now),
    ).toMatchObject({ status: 401 });
    const notJson = Buffer.from('{nope');
    expect(
      verifyReceiverRequest(
        'nexus',
        'k',
        [],
        { 'x-nexus-webhook-signature': sig('k', notJson) },
        notJson,
        now,
      ),
    ).toMatchObject({ outcome: 'refuse', status: 400 });
  });
});

describe('acr receiver', () => {
  it('accepts an Azure Container Registry push (a JSON object; Azure does not sign, the path is the secret)', () => {
    const push = json({ action: 'push', target: { repository: 'app', tag: 'v1' } });
    expect(verifyReceiverRequest('acr', 'k', [], {}, push, now).outcome).toBe('accept');
    expect(verifyReceiverRequest('acr', 'k', [], {}, Buffer.from('[1]'), now)).toMatchObject({ status: 400 });
    expect(verifyReceiverRequest('acr', 'k', [], {}, Buffer.from('{nope'), now)).toMatchObject({
      status: 400,
    });
  });
});

describe('gcr receiver', () => {
  // An unsigned token: the signature is not verified here (Google's keys cannot be reached from the test or
  // from the hub's network), only the claims the hub can check locally.
  const jwt = (claims: Record<string, unknown>): string =>
    ['{"alg":"RS256"}', JSON.stringify(claims), 'sig']
      .map((p, i) => (i < 2 ? Buffer.from(p).toString('base64url') : p))
      .join('.');
  const identity = { audience: 'https://hub.example.com/hook/abc', email: 'push@p.iam.gserviceaccount.com' };
  const good = {
    aud: identity.audience,
    iss: 'https://accounts.google.com',
    email: identity.email,
    email_verified: true,
    exp: now.getTime() / 1000 + 60,
  };
  const event = Buffer.from(
    JSON.stringify({ action: 'INSERT', digest: 'gcr.io/p/app@sha256:ab', tag: 'gcr.io/p/app:v1' }),
  ).toString('base64');
  const push = json({
    message: { data: event, messageId: '1', publishTime: now.toISOString() },
    subscription: 's',
  });
  const auth = (claims: Record<string, unknown>) => ({ authorization: `Bearer ${jwt(claims)}` });
  const verify = (headers: Record<string, string>, body = push, id: typeof identity | null = identity) =>
    verifyReceiverRequest('gcr', 'k', [], headers, body, now, id);

  it('accepts a Pub/Sub push whose token has the Receiver’s audience and service account, Google’s issuer, a verified email and no expiry passed (Flux gcr receiver)', () => {
    expect(verify(auth(good)).outcome).toBe('accept');
    expect(verify(auth({ ...good, iss: 'accounts.google.com' })).outcome).toBe('accept');
    expect(verify(auth({ ...good, aud: ['other', identity.audience] })).outcome).toBe('accept');
  });

  it('refuses with 401 a missing bearer, a non-JWT, another audience, another issuer, another service account, an unverified email or an expired token (Flux gcr receiver)', () => {
    for (const headers of [
      {},
      { authorization: 'Basic abc' },
      { authorization: 'Bearer not-a-jwt' },
      auth({ ...good, aud: 'https://other.example.com' }),
      auth({ ...good, aud: undefined }),
      auth({ ...good, iss: 'https://evil.example' }),
      auth({ ...good, email: 'someone-else@p.iam.gserviceaccount.com' }),
      auth({ ...good, email_verified: false }),
      auth({ ...good, exp: now.getTime() / 1000 - 1 }),
      auth({ ...good, exp: undefined }),
    ])
      expect(verify(headers)).toMatchObject({ outcome: 'refuse', status: 401 });
  });

  it('refuses with 400 a Receiver without audience and email, as Flux refuses one whose secret lacks them', () => {
    expect(verify(auth(good), push, null)).toMatchObject({ outcome: 'refuse', status: 400 });
  });

  it('does not check the token’s signature: Google’s signing keys cannot be reached offline, so a token with the right claims and a made-up signature passes (the secret webhook path is the protection)', () => {
    expect(jwt(good).endsWith('.sig')).toBe(true);
    expect(verify(auth(good)).outcome).toBe('accept');
  });

  it('refuses with 400 a body that is not a push or whose message.data is not base64 JSON', () => {
    expect(verify(auth(good), json({ nope: 1 }))).toMatchObject({ status: 400 });
    expect(
      verify(auth(good), json({ message: { data: Buffer.from('x').toString('base64') } })),
    ).toMatchObject({ status: 400 });
  });
});

describe('cdevents receiver', () => {
  const type = 'dev.cdevents.artifact.published.0.1.1';
  const cdevent = {
    context: { version: '0.4.1', id: 'e1', source: '/ci', type, timestamp: '2026-12-03T11:59:00Z' },
    subject: { id: 'pkg:oci/app@sha256:ab', source: '/ci', type: 'artifact', content: {} },
  };

  it('accepts a CDEvent; Ce-Type is filtered by events (case-insensitive); source + id names the delivery', () => {
    expect(
      verifyReceiverRequest('cdevents', 'k', [type.toUpperCase()], { 'ce-type': type }, json(cdevent), now),
    ).toEqual({
      outcome: 'accept',
      deliveryId: '/ci e1',
    });
    expect(
      verifyReceiverRequest(
        'cdevents',
        'k',
        ['dev.cdevents.build.finished.0.1.1'],
        { 'ce-type': type },
        json(cdevent),
        now,
      ).outcome,
    ).toBe('ignore');
  });

  it('refuses with 400 a body that is not a CDEvent', () => {
    for (const bad of [
      { subject: cdevent.subject },
      { ...cdevent, context: { ...cdevent.context, id: '' } },
      { ...cdevent, context: { ...cdevent.context, type: 'com.example.thing' } },
      { ...cdevent, context: { ...cdevent.context, timestamp: 'yesterday' } },
      { ...cdevent, subject: { id: 'x' } },
    ])
      expect(verifyReceiverRequest('cdevents', 'k', [], {}, json(bad), now)).toMatchObject({
        outcome: 'refuse',
        status: 400,
      });
    expect(verifyReceiverRequest('cdevents', 'k', [], {}, Buffer.from('{nope'), now)).toMatchObject({
      status: 400,
    });
  });
});
