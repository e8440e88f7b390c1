import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { NotificationsRoute } from './notifications-route';

const viewer = (role: string) => () =>
  gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const provider = (over: Record<string, unknown> = {}) => ({
  id: 'p1',
  namespace: 'flotilla-system',
  name: 'ops-slack',
  type: 'slack',
  address: null,
  channel: '#ops',
  username: null,
  timeout: null,
  suspend: false,
  secretKeys: ['address'],
  hasCertificate: false,
  ready: true,
  message: null,
  field: null,
  ...over,
});
const receiver = {
  id: 'r1',
  namespace: 'flotilla-system',
  name: 'push',
  type: 'github',
  events: ['push'],
  resources: [{ kind: 'GitRepository', name: '*', namespace: null }],
  suspend: false,
  webhookPath: '/hook/abc',
  lastReceivedAt: null,
  createdAt: new Date().toISOString(),
};
const lists = {
  ListNotificationProviders: () =>
    gqlData({
      notificationProviders: [
        provider(),
        provider({
          id: 'p2',
          name: 'forge',
          type: 'github',
          secretKeys: [],
          ready: false,
          message: 'secret.token: github needs an API token in secret.token',
          field: 'secret.token',
        }),
      ],
    }),
  ListAlerts: () =>
    gqlData({
      alerts: [
        {
          id: 'a1',
          namespace: 'flotilla-system',
          name: 'prod-failures',
          providerId: 'p1',
          providerName: 'ops-slack',
          eventSeverity: 'error',
          eventSources: [{ kind: 'Kustomization', name: '*', namespace: null }],
          inclusionList: [],
          exclusionList: [],
          summary: null,
          suspend: false,
          clusterSelector: { labels: 'env=prod', names: [] },
          mode: 'STATE_CHANGE',
          groupWindowSeconds: 30,
        },
      ],
    }),
  ListReceivers: () => gqlData({ receivers: [receiver] }),
};

describe('NotificationsRoute', () => {
  it('lists providers (secret key names only, readiness naming the field), alerts with their noise control, receivers with their path', async () => {
    mockHub({ Viewer: viewer('ADMIN'), ...lists });
    renderRoute(<NotificationsRoute />);
    const providers = await screen.findByRole('table', { name: 'Providers' });
    const slack = within(providers).getByText('flotilla-system/ops-slack').closest('tr')!;
    expect(slack).toHaveTextContent('(in the secret)');
    expect(slack).toHaveTextContent('Ready');
    const forge = within(providers).getByText('flotilla-system/forge').closest('tr')!;
    expect(forge).toHaveTextContent('Not ready');
    expect(forge).toHaveTextContent('secret.token: github needs an API token');
    const alerts = await screen.findByRole('table', { name: 'Alerts' });
    expect(alerts).toHaveTextContent('errors of Kustomization/*');
    expect(alerts).toHaveTextContent('env=prod');
    expect(alerts).toHaveTextContent('state changes only; grouped over 30s');
    expect(await screen.findByRole('table', { name: 'Receivers' })).toHaveTextContent('/hook/abc');
  });

  it('send test notification queues one for that provider; the delivery log shows answers and errors', async () => {
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ...lists,
      SendTestNotification: () => gqlData({ sendTestNotification: true }),
      ListNotificationAttempts: () =>
        gqlData({
          notificationAttempts: [
            {
              id: '2',
              deliveryId: '9',
              at: new Date().toISOString(),
              statusCode: 200,
              error: null,
              latencyMs: 41,
              deliveryState: 'delivered',
              summary: 'TestNotification: Test notification',
            },
            {
              id: '1',
              deliveryId: '8',
              at: new Date().toISOString(),
              statusCode: 503,
              error: 'HTTP 503: down',
              latencyMs: 12,
              deliveryState: 'pending',
              summary: 'ApplyFailed: apply failed',
            },
          ],
        }),
    });
    renderRoute(<NotificationsRoute />);
    await userEvent.click(await screen.findByRole('button', { name: 'Send test notification to ops-slack' }));
    expect(await screen.findByText('Test queued')).toBeInTheDocument();
    expect(hub.requests.find((r) => r.operationName === 'SendTestNotification')?.variables).toEqual({
      providerId: 'p1',
    });
    // Operators test; only admins add.
    expect(screen.queryByRole('button', { name: 'Add provider' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Delivery log of ops-slack' }));
    const log = await screen.findByRole('table', { name: 'Delivery attempts of ops-slack' });
    expect(log).toHaveTextContent('HTTP 503: down');
    expect(log).toHaveTextContent('41 ms');
  });

  it('adding a provider sends the secret as write-only input; adding a receiver shows the webhook URL and its secret once', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...lists,
      CreateNotificationProvider: () =>
        gqlData({ createNotificationProvider: provider({ id: 'p3', name: 'new' }) }),
      CreateReceiver: () =>
        gqlData({
          createReceiver: {
            token: 'tok-once-123',
            receiver: { ...receiver, id: 'r2', name: 'new-hook', webhookPath: '/hook/def' },
          },
        }),
    });
    renderRoute(<NotificationsRoute />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add provider' }));
    const pDialog = screen.getByRole('dialog', { name: 'Add provider' });
    await userEvent.type(within(pDialog).getByLabelText('Name'), 'new');
    await userEvent.type(
      within(pDialog).getByLabelText('Secret address'),
      'https://hooks.slack.com/services/T/B/X',
    );
    await userEvent.type(within(pDialog).getByLabelText('Secret proxy'), 'http://bob:pw@proxy.corp:3128');
    expect(within(pDialog).getByLabelText('Secret proxy')).toHaveAttribute('type', 'password');
    await userEvent.click(within(pDialog).getByRole('button', { name: 'Add provider' }));
    await expect
      .poll(() => hub.requests.find((r) => r.operationName === 'CreateNotificationProvider')?.variables)
      .toMatchObject({
        input: {
          name: 'new',
          type: 'slack',
          proxy: null,
          secret: {
            address: 'https://hooks.slack.com/services/T/B/X',
            proxy: 'http://bob:pw@proxy.corp:3128',
          },
        },
      });

    await userEvent.click(screen.getByRole('button', { name: 'Add receiver' }));
    const rDialog = screen.getByRole('dialog', { name: 'Add receiver' });
    await userEvent.type(within(rDialog).getByLabelText('Name'), 'new-hook');
    await userEvent.click(within(rDialog).getByRole('button', { name: 'Add receiver' }));
    expect(await screen.findByText('Shown once')).toBeInTheDocument();
    expect(screen.getByTestId('one-time-secret')).toHaveTextContent('tok-once-123');
    expect(screen.getByText(`${window.location.origin}/hook/def`)).toBeInTheDocument();
    expect(hub.requests.find((r) => r.operationName === 'CreateReceiver')?.variables).toEqual({
      input: {
        name: 'new-hook',
        type: 'github',
        events: ['push'],
        resources: [{ kind: 'GitRepository', name: '*' }],
      },
    });
  });

  it('admins delete a receiver, an alert and a provider after confirming; the hub refusing (provider in use) shows in the dialog', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...lists,
      DeleteReceiver: () => gqlData({ deleteReceiver: true }),
      DeleteAlert: () => gqlData({ deleteAlert: true }),
      DeleteNotificationProvider: () =>
        gqlError('PROVIDER_IN_USE', 'an Alert still sends to this Provider; delete the Alert first'),
    });
    renderRoute(<NotificationsRoute />);
    const receivers = await screen.findByRole('table', { name: 'Receivers' });
    await userEvent.click(within(receivers).getByRole('button', { name: 'Delete push' }));
    const rDialog = screen.getByRole('dialog', { name: 'Delete Receiver push?' });
    expect(rDialog).toHaveTextContent('stops answering (404)');
    // Cancel is focused first, so Enter does not delete by accident.
    expect(within(rDialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.click(within(rDialog).getByRole('button', { name: 'Delete Receiver' }));
    await expect
      .poll(() => hub.requests.find((r) => r.operationName === 'DeleteReceiver')?.variables)
      .toEqual({ id: 'r1' });
    // The dialog closes and the lists are fetched again.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await expect
      .poll(() => hub.requests.filter((r) => r.operationName === 'ListReceivers').length)
      .toBeGreaterThan(1);

    const alerts = screen.getByRole('table', { name: 'Alerts' });
    await userEvent.click(within(alerts).getByRole('button', { name: 'Delete prod-failures' }));
    await userEvent.click(
      within(screen.getByRole('dialog', { name: 'Delete Alert prod-failures?' })).getByRole('button', {
        name: 'Delete Alert',
      }),
    );
    await expect
      .poll(() => hub.requests.find((r) => r.operationName === 'DeleteAlert')?.variables)
      .toEqual({ id: 'a1' });

    const providers = screen.getByRole('table', { name: 'Providers' });
    await userEvent.click(within(providers).getByRole('button', { name: 'Delete ops-slack' }));
    const pDialog = screen.getByRole('dialog', { name: 'Delete Provider ops-slack?' });
    await userEvent.click(within(pDialog).getByRole('button', { name: 'Delete Provider' }));
    expect(await within(pDialog).findByText(/delete the Alert first/)).toBeInTheDocument();
  });

  it('operators and viewers get no Delete buttons', async () => {
    mockHub({ Viewer: viewer('OPERATOR'), ...lists });
    renderRoute(<NotificationsRoute />);
    await screen.findByRole('table', { name: 'Receivers' });
    await screen.findByRole('table', { name: 'Alerts' });
    expect(screen.queryAllByRole('button', { name: /^Delete / })).toEqual([]);
  });

  it('editing a receiver keeps its name and token: type, events, resources (namespace/Kind/name) and suspend are sent', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...lists,
      UpdateReceiver: () => gqlData({ updateReceiver: { ...receiver, type: 'cdevents', suspend: true } }),
    });
    renderRoute(<NotificationsRoute />);
    const receivers = await screen.findByRole('table', { name: 'Receivers' });
    await userEvent.click(within(receivers).getByRole('button', { name: 'Edit push' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit receiver push' });
    expect(within(dialog).getByLabelText('Reconciles')).toHaveValue('GitRepository/*');
    await userEvent.selectOptions(within(dialog).getByLabelText('Type'), 'cdevents');
    const events = within(dialog).getByLabelText('Events');
    await userEvent.clear(events);
    await userEvent.type(events, 'dev.cdevents.artifact.published.0.1.1');
    const resources = within(dialog).getByLabelText('Reconciles');
    await userEvent.clear(resources);
    await userEvent.type(resources, 'GitRepository/*, apps/Kustomization/web');
    await userEvent.click(within(dialog).getByLabelText('Suspended (requests are answered 503)'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await expect
      .poll(() => hub.requests.find((r) => r.operationName === 'UpdateReceiver')?.variables)
      .toEqual({
        id: 'r1',
        input: {
          namespace: 'flotilla-system',
          name: 'push',
          type: 'cdevents',
          events: ['dev.cdevents.artifact.published.0.1.1'],
          resources: [
            { kind: 'GitRepository', name: '*' },
            { namespace: 'apps', kind: 'Kustomization', name: 'web' },
          ],
          suspend: true,
        },
      });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
