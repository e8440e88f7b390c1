import { createHmac } from 'node:crypto';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpRecorder, type HttpRecorder } from '@flotilla/testenv';
import type { FluxEvent, ProviderType } from '@flotilla/protocol/flux';
import { postProviderRequest } from '../delivery/http-post.js';
import { buildProviderRequest, providerProblem } from './build-request.js';
import type { ProviderSecret, ProviderTarget } from './provider-request.js';

// The real services (Slack, Teams, PagerDuty, ...) cannot be reached from here: each request goes to a local
// HTTP server instead, which keeps what arrived, and the test checks it against the payload and headers the
// service documents.

interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: unknown;
}

const event: FluxEvent = {
  involvedObject: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
  severity: 'error',
  timestamp: '2026-12-03T10:00:00.000Z',
  message: 'Health check failed after 30s: Deployment/apps/web not ready',
  reason: 'HealthCheckFailed',
  metadata: { revision: 'main@sha1:abc', cluster: 'eu-1', clusterLabels: 'env=prod' },
  reportingController: 'kustomize-controller',
  reportingInstance: 'eu-1',
};

describe('provider payloads (local HTTP server standing in for each service)', () => {
  let server: HttpRecorder;
  const received: Received[] = [];

  beforeAll(async () => {
    server = await startHttpRecorder((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          raw,
          json: raw ? (JSON.parse(raw) as unknown) : null,
        });
        if (req.url?.startsWith('/fail')) return res.writeHead(500).end('upstream exploded');
        res.writeHead(req.url?.startsWith('/accepted') ? 202 : 200).end('ok');
      });
    });
  });
  afterAll(() => server?.stop());

  const send = async (
    type: ProviderType,
    opts: { path?: string; channel?: string; username?: string; secret?: ProviderSecret; e?: FluxEvent } = {},
  ): Promise<Received> => {
    const target: ProviderTarget = {
      type,
      address: `${server.baseUrl}${opts.path ?? '/hook'}`,
      channel: opts.channel ?? null,
      username: opts.username ?? null,
      secret: opts.secret ?? {},
    };
    const built = buildProviderRequest(target, opts.e ?? event);
    if (!built.ok) throw new Error(built.problem.message);
    const before = received.length;
    const result = await postProviderRequest(built.request, { timeoutMs: 5000, secrets: [] });
    expect(result.error).toBeNull();
    expect(received.length).toBe(before + 1);
    return received[received.length - 1] as Received;
  };

  it('generic: POSTs Flux’s event JSON unchanged (involvedObject, severity, timestamp, message, reason, metadata, reportingController, reportingInstance) with the secret’s headers', async () => {
    const r = await send('generic', { secret: { headers: { 'x-team': 'platform' } } });
    expect(r.method).toBe('POST');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-team']).toBe('platform');
    expect(r.json).toEqual(event);
  });

  it('generic-hmac: X-Signature is sha256=<hex HMAC-SHA256 of the exact body keyed with the token>, as Flux’s generic-hmac receiver verifies', async () => {
    const r = await send('generic-hmac', { secret: { token: 'hmac-key-123' } });
    expect(r.headers['x-signature']).toBe(
      `sha256=${createHmac('sha256', 'hmac-key-123').update(r.raw).digest('hex')}`,
    );
    expect(r.json).toEqual(event);
  });

  it('slack: one attachment coloured danger for errors, author kind/name.namespace, metadata as fields, channel and username; a token goes as a bearer token', async () => {
    const r = await send('slack', { channel: '#ops', username: 'flux', secret: { token: 'xoxb-1' } });
    expect(r.headers.authorization).toBe('Bearer xoxb-1');
    expect(r.json).toMatchObject({
      channel: '#ops',
      username: 'flux',
      attachments: [
        {
          color: 'danger',
          author_name: 'kustomization/apps.flux-system',
          text: event.message,
          mrkdwn_in: ['text'],
          fields: [
            { title: 'cluster', value: 'eu-1', short: false },
            { title: 'clusterLabels', value: 'env=prod', short: false },
            { title: 'revision', value: 'main@sha1:abc', short: false },
          ],
        },
      ],
    });
    const info = await send('rocket', { e: { ...event, severity: 'info' } });
    expect((info.json as { attachments: { color: string }[] }).attachments[0]?.color).toBe('good');
    expect(info.headers.authorization).toBeUndefined();
  });

  it('discord: the Slack payload at the webhook’s /slack endpoint', async () => {
    const r = await send('discord', { path: '/api/webhooks/1/abc' });
    expect(r.path).toBe('/api/webhooks/1/abc/slack');
    expect((r.json as { attachments: unknown[] }).attachments).toHaveLength(1);
  });

  it('mattermost: the Slack-compatible incoming webhook payload', async () => {
    const r = await send('mattermost', { channel: 'town-square' });
    expect(r.json).toMatchObject({
      channel: 'town-square',
      attachments: [{ author_name: 'kustomization/apps.flux-system' }],
    });
  });

  it('msteams: a message with one Adaptive Card 1.4 attachment (title, text, facts)', async () => {
    const r = await send('msteams');
    const msg = r.json as {
      type: string;
      attachments: {
        contentType: string;
        content: {
          type: string;
          version: string;
          body: { type: string; text?: string; facts?: unknown[] }[];
        };
      }[];
    };
    expect(msg.type).toBe('message');
    expect(msg.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(msg.attachments[0]?.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(msg.attachments[0]?.content.body.map((b) => b.type)).toEqual([
      'TextBlock',
      'TextBlock',
      'FactSet',
    ]);
    expect(msg.attachments[0]?.content.body[1]?.text).toBe(event.message);
    expect(msg.attachments[0]?.content.body[2]?.facts).toContainEqual({ title: 'cluster', value: 'eu-1' });
  });

  it('googlechat: a card with the object as header, the message as a paragraph, metadata as key/values', async () => {
    const r = await send('googlechat');
    expect(r.json).toMatchObject({
      cards: [
        {
          header: { title: 'kustomization/apps.flux-system', subtitle: 'kustomize-controller' },
          sections: [
            { widgets: [{ textParagraph: { text: event.message } }] },
            { widgets: expect.arrayContaining([{ keyValue: { topLabel: 'cluster', content: 'eu-1' } }]) },
          ],
        },
      ],
    });
  });

  it('alertmanager: an array of one firing alert (labels, annotations, startsAt) as POST /api/v2/alerts takes', async () => {
    const r = await send('alertmanager', {
      path: '/api/v2/alerts',
      e: { ...event, metadata: { ...event.metadata, summary: 'prod apps' } },
    });
    expect(r.path).toBe('/api/v2/alerts');
    expect(r.json).toEqual([
      {
        labels: {
          alertname: 'FluxKustomizationHealthCheckFailed',
          severity: 'error',
          reason: 'HealthCheckFailed',
          kind: 'Kustomization',
          name: 'apps',
          namespace: 'flux-system',
          reportingcontroller: 'kustomize-controller',
          cluster: 'eu-1',
          clusterLabels: 'env=prod',
          revision: 'main@sha1:abc',
        },
        annotations: { message: event.message, summary: 'prod apps' },
        status: 'firing',
        startsAt: event.timestamp,
      },
    ]);
  });

  it('pagerduty: Events API v2 at /v2/enqueue, the channel as routing_key; an error triggers, an info event resolves the same dedup_key', async () => {
    const t = await send('pagerduty', { path: '', channel: 'R0UT1NGK3Y' });
    expect(t.path).toBe('/v2/enqueue');
    expect(t.json).toMatchObject({
      routing_key: 'R0UT1NGK3Y',
      event_action: 'trigger',
      dedup_key: 'eu-1/kustomization/apps.flux-system',
      payload: {
        summary: `kustomization/apps.flux-system: ${event.message}`,
        source: 'kustomize-controller',
        severity: 'error',
        custom_details: event.metadata,
      },
    });
    const r = await send('pagerduty', { path: '', channel: 'R0UT1NGK3Y', e: { ...event, severity: 'info' } });
    expect(r.json).toEqual({
      routing_key: 'R0UT1NGK3Y',
      event_action: 'resolve',
      dedup_key: 'eu-1/kustomization/apps.flux-system',
    });
  });

  it('opsgenie: Create Alert with Authorization: GenieKey <token>, message within 130 characters, metadata as details', async () => {
    const r = await send('opsgenie', { secret: { token: 'genie-key' } });
    expect(r.headers.authorization).toBe('GenieKey genie-key');
    const body = r.json as { message: string; description: string; details: Record<string, string> };
    expect(body.message.length).toBeLessThanOrEqual(130);
    expect(body).toMatchObject({
      message: 'kustomization/apps.flux-system: HealthCheckFailed',
      description: event.message,
      details: event.metadata,
    });
  });

  it('telegram: Bot API sendMessage with the token in the path, chat_id from channel, MarkdownV2 with reserved characters escaped', async () => {
    const r = await send('telegram', { path: '', channel: '-100123', secret: { token: '123:ABC' } });
    expect(r.path).toBe('/bot123:ABC/sendMessage');
    const body = r.json as { chat_id: string; parse_mode: string; text: string };
    expect(body.chat_id).toBe('-100123');
    expect(body.parse_mode).toBe('MarkdownV2');
    expect(body.text).toContain('kustomization/apps\\.flux\\-system');
  });

  const sha = 'a'.repeat(40);
  const status = (state: string, message = 'Ready on 3 clusters'): FluxEvent => ({
    ...event,
    severity: state === 'failure' ? 'error' : 'info',
    message,
    metadata: { revision: `main@sha1:${sha}`, commitState: state },
  });

  it('github commit status: POST /repos/{owner}/{repo}/statuses/{sha} (GitHub Enterprise base /api/v3), bearer token, context flotilla/<kustomization>', async () => {
    const r = await send('github', {
      path: '/org/app.git',
      secret: { token: 'ghp_x' },
      e: status('success'),
    });
    expect(r.path).toBe(`/api/v3/repos/org/app/statuses/${sha}`);
    expect(r.headers.authorization).toBe('Bearer ghp_x');
    expect(r.headers.accept).toBe('application/vnd.github+json');
    expect(r.json).toEqual({
      state: 'success',
      context: 'flotilla/apps',
      description: 'Ready on 3 clusters',
    });
  });

  it('gitea commit status: POST /api/v1/repos/{owner}/{repo}/statuses/{sha} with Authorization: token <token>', async () => {
    const r = await send('gitea', {
      path: '/org/app',
      secret: { token: 'tea' },
      e: status('pending', 'applied on 1 of 3 clusters'),
    });
    expect(r.path).toBe(`/api/v1/repos/org/app/statuses/${sha}`);
    expect(r.headers.authorization).toBe('token tea');
    expect(r.json).toEqual({
      state: 'pending',
      context: 'flotilla/apps',
      description: 'applied on 1 of 3 clusters',
    });
  });

  it('gitlab commit status: POST /api/v4/projects/{url-encoded path}/statuses/{sha}, PRIVATE-TOKEN, failure as failed and the context as name', async () => {
    const r = await send('gitlab', {
      path: '/group/sub/app',
      secret: { token: 'glpat' },
      e: status('failure', 'failing on 1 of 3 clusters: eu-1'),
    });
    expect(r.path).toBe(`/api/v4/projects/group%2Fsub%2Fapp/statuses/${sha}`);
    expect(r.headers['private-token']).toBe('glpat');
    expect(r.json).toEqual({
      state: 'failed',
      name: 'flotilla/apps',
      description: 'failing on 1 of 3 clusters: eu-1',
    });
  });

  it('bitbucket commit status: POST /2.0/repositories/{workspace}/{repo}/commit/{sha}/statuses/build, basic auth from username:app-password, INPROGRESS/SUCCESSFUL/FAILED', async () => {
    const r = await send('bitbucket', {
      path: '/team/app',
      secret: { token: 'bob:app-pass' },
      e: status('failure', 'failing'),
    });
    expect(r.path).toBe(`/2.0/repositories/team/app/commit/${sha}/statuses/build`);
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from('bob:app-pass').toString('base64')}`);
    expect(r.json).toMatchObject({
      state: 'FAILED',
      key: 'flotilla/apps',
      name: 'flotilla/apps',
      description: 'failing',
    });
  });

  it('a commit status for a revision that names no commit is not sent (the problem names it)', () => {
    const built = buildProviderRequest(
      {
        type: 'github',
        address: 'https://github.com/org/app',
        channel: null,
        username: null,
        secret: { token: 't' },
      },
      { ...status('success'), metadata: { revision: 'sha256:abc' } },
    );
    expect(built.ok).toBe(false);
  });

  it('a non-2xx answer is a failure whose error holds the status and body, with secret values scrubbed', async () => {
    const built = buildProviderRequest(
      { type: 'generic', address: `${server.baseUrl}/fail`, channel: null, username: null, secret: {} },
      event,
    );
    if (!built.ok) throw new Error('unexpected');
    const result = await postProviderRequest(built.request, { timeoutMs: 5000, secrets: ['exploded'] });
    expect(result.statusCode).toBe(500);
    expect(result.error).toBe('HTTP 500: upstream ***');
  });

  it('no answer within the timeout is a failure naming the deadline; a refused connection too', async () => {
    const slow = await startHttpRecorder(() => undefined);
    const built = buildProviderRequest(
      { type: 'generic', address: slow.baseUrl, channel: null, username: null, secret: {} },
      event,
    );
    if (!built.ok) throw new Error('unexpected');
    const timedOut = await postProviderRequest(built.request, { timeoutMs: 200, secrets: [] });
    expect(timedOut).toMatchObject({ statusCode: null, error: 'no answer within 200ms' });
    await slow.stop();
    const refused = await postProviderRequest(built.request, { timeoutMs: 200, secrets: [] });
    expect(refused.statusCode).toBeNull();
    expect(refused.error).toMatch(/ECONNREFUSED/);
  });

  it('an outbound guard that refuses the host stops the request before any connection', async () => {
    const built = buildProviderRequest(
      { type: 'generic', address: `${server.baseUrl}/hook`, channel: null, username: null, secret: {} },
      event,
    );
    if (!built.ok) throw new Error('unexpected');
    const before = received.length;
    const result = await postProviderRequest(built.request, {
      timeoutMs: 1000,
      secrets: [],
      guard: { checkHost: () => 'refused', resolve: () => Promise.resolve([]) },
    });
    expect(result.error).toMatch(/outbound URL policy/);
    expect(received.length).toBe(before);
  });
});

describe(providerProblem.name, () => {
  const base: ProviderTarget = { type: 'slack', address: null, channel: null, username: null, secret: {} };
  it.each([
    [{ ...base }, 'address'],
    [{ ...base, address: 'not a url' }, 'address'],
    [{ ...base, address: 'ftp://x' }, 'address'],
    [{ ...base, secret: { address: '::' } }, 'secret.address'],
    [{ ...base, type: 'generic-hmac', address: 'http://x' }, 'secret.token'],
    [{ ...base, type: 'opsgenie' }, 'secret.token'],
    [{ ...base, type: 'telegram', secret: { token: 't' } }, 'channel'],
    [{ ...base, type: 'pagerduty' }, 'channel'],
    [{ ...base, type: 'github', address: 'https://github.com/org/app' }, 'secret.token'],
    [
      { ...base, type: 'bitbucket', address: 'https://bitbucket.org/org/app', secret: { token: 'no-colon' } },
      'secret.token',
    ],
  ] as [ProviderTarget, string][])('names the field at fault: %#', (target, field) => {
    expect(providerProblem(target)?.field).toBe(field);
  });

  it('is null when the Provider can send (an address from the secret; the services’ own default addresses)', () => {
    expect(
      providerProblem({ ...base, secret: { address: 'https://hooks.slack.com/services/T/B/X' } }),
    ).toBeNull();
    expect(providerProblem({ ...base, type: 'pagerduty', channel: 'key' })).toBeNull();
  });
});
