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
  proxy: null,
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
  resources: [
    { kind: 'GitRepository', name: '*', namespace: null, matchLabels: [{ key: 'team', value: 'shop' }] },
  ],
  suspend: false,
  gcrAudience: null,
  gcrEmail: null,
  webhookPath: '/hook/abc',
  lastReceivedAt: null,
  createdAt: new Date().toISOString(),
};
const alert = {
  id: 'a1',
  namespace: 'flotilla-system',
  name: 'prod-failures',
  providerId: 'p1',
  providerName: 'ops-slack',
  eventSeverity: 'error',
  eventSources: [{ kind: 'Kustomization', name: '*', namespace: null, matchLabels: [] }],
  inclusionList: [],
  exclusionList: [],
  eventMetadata: [],
  summary: null,
  suspend: false,
  clusterSelector: { labels: 'env=prod', names: [] },
  mode: 'STATE_CHANGE',
  groupWindowSeconds: 30,
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
  ListAlerts: () => gqlData({ alerts: [alert] }),
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
    expect(screen.queryAllByRole('button', { name: /^(Delete|Edit) / })).toEqual([]);
  });

  it('an operator of the whole fleet suspends a git-managed Provider, Alert and Receiver with the suspend mutation (what the hub asks for it), never their update; each row then shows Suspended and offers Resume; a viewer gets no Suspend', async () => {
    const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/alerts.yaml', revision: null };
    const suspended = new Set<string>();
    const handlers = {
      ListNotificationProviders: () => gqlData({ notificationProviders: [provider({ managedBy, suspend: suspended.has('p1') })] }),
      ListAlerts: () => gqlData({ alerts: [{ ...alert, managedBy, suspend: suspended.has('a1') }] }),
      ListReceivers: () => gqlData({ receivers: [{ ...receiver, managedBy, suspend: suspended.has('r1') }] }),
    };
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ...handlers,
      SuspendDefinition: (req) => {
        suspended.add(String(req.variables?.id));
        return gqlData({ suspend: true });
      },
    });
    const user = userEvent.setup();
    const { unmount } = renderRoute(<NotificationsRoute />);
    for (const [table, name] of [['Providers', 'ops-slack'], ['Alerts', 'prod-failures'], ['Receivers', 'push']] as const) {
      const t = await screen.findByRole('table', { name: table });
      await user.click(await within(t).findByRole('button', { name: `Suspend ${name}` }));
      await within(t).findByRole('button', { name: `Resume ${name}` });
      expect(within(t).getByText(`flotilla-system/${name}`, { exact: false }).closest('tr')).toHaveTextContent('Suspended');
    }
    expect(hub.requests.filter((r) => r.operationName === 'SuspendDefinition').map((r) => r.variables)).toEqual([
      { kind: 'Provider', id: 'p1' },
      { kind: 'Alert', id: 'a1' },
      { kind: 'Receiver', id: 'r1' },
    ]);
    expect(hub.requests.some((r) => r.operationName?.startsWith('Update'))).toBe(false);
    // An operator edits no notification object (admins do).
    expect(screen.queryAllByRole('button', { name: /^(Delete|Edit|View) / })).toEqual([]);
    unmount();

    mockHub({ Viewer: viewer('VIEWER'), ...handlers });
    renderRoute(<NotificationsRoute />);
    await screen.findByRole('table', { name: 'Receivers' });
    await screen.findByRole('table', { name: 'Alerts' });
    expect(screen.queryAllByRole('button', { name: /^(Suspend|Resume) / })).toEqual([]);
  });

  it('editing a receiver keeps its name and token: type, events, resources (namespace/Kind/name), match labels (on * resources only, as Flux reads them) and suspend are sent', async () => {
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
    expect(within(dialog).getByLabelText('Match label 1 key')).toHaveValue('team');
    await userEvent.click(within(dialog).getByRole('button', { name: '+ Add match label' }));
    await userEvent.type(within(dialog).getByLabelText('Match label 2 key'), 'bad key');
    expect(within(dialog).getByLabelText('Match label 2 key')).toHaveAttribute('aria-invalid', 'true');
    await userEvent.clear(within(dialog).getByLabelText('Match label 2 key'));
    await userEvent.type(within(dialog).getByLabelText('Match label 2 key'), 'tier');
    await userEvent.type(within(dialog).getByLabelText('Match label 2 value'), 'fe');
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
            {
              kind: 'GitRepository',
              name: '*',
              matchLabels: [
                { key: 'team', value: 'shop' },
                { key: 'tier', value: 'fe' },
              ],
            },
            { namespace: 'apps', kind: 'Kustomization', name: 'web' },
          ],
          suspend: true,
        },
      });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('editing a provider starts from its spec with the secret empty; leaving the secret empty sends none (the hub keeps it); a refusal naming a field shows at that field', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...lists,
      UpdateNotificationProvider: () => gqlError('BAD_USER_INPUT', 'timeout: at most 60s', 'timeout'),
    });
    renderRoute(<NotificationsRoute />);
    const providers = await screen.findByRole('table', { name: 'Providers' });
    await userEvent.click(within(providers).getByRole('button', { name: 'Edit ops-slack' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit provider ops-slack' });
    expect(within(dialog).getByLabelText('Channel')).toHaveValue('#ops');
    expect(within(dialog).getByLabelText('Token')).toHaveValue('');
    expect(within(dialog).getByLabelText('Token')).toHaveAttribute('type', 'password');
    expect(dialog).toHaveTextContent('Stored: address. Typing any field below replaces the whole secret.');
    await userEvent.type(within(dialog).getByLabelText('Timeout'), '90s');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await expect
      .poll(() => hub.requests.find((r) => r.operationName === 'UpdateNotificationProvider')?.variables)
      .toEqual({
        id: 'p1',
        input: {
          namespace: 'flotilla-system',
          name: 'ops-slack',
          type: 'slack',
          address: null,
          channel: '#ops',
          username: null,
          timeout: '90s',
          proxy: null,
          suspend: false,
          secret: null,
          certificate: null,
        },
      });
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Timeout')).toHaveAttribute('aria-invalid', 'true'),
    );
    expect(dialog).toHaveTextContent('timeout: at most 60s');
    // Remove the stored secret: its own choice.
    await userEvent.click(within(dialog).getByLabelText('Remove the stored secret'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await expect
      .poll(
        () => hub.requests.filter((r) => r.operationName === 'UpdateNotificationProvider').at(-1)?.variables,
      )
      .toMatchObject({ input: { secret: null, clearSecret: true } });
  });

  it('editing an alert: several event sources (add, remove, namespace, matchLabels), metadata, summary and suspend are sent', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...lists,
      UpdateAlert: () => gqlData({ updateAlert: null }),
    });
    renderRoute(<NotificationsRoute />);
    const alerts = await screen.findByRole('table', { name: 'Alerts' });
    await userEvent.click(within(alerts).getByRole('button', { name: 'Edit prod-failures' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit alert prod-failures' });
    expect(within(dialog).getByLabelText('Source 1 name')).toHaveValue('*');
    await userEvent.click(within(dialog).getByRole('button', { name: '+ Add event source' }));
    await userEvent.selectOptions(within(dialog).getByLabelText('Source 2 kind'), 'HelmRelease');
    const name2 = within(dialog).getByLabelText('Source 2 name');
    await userEvent.clear(name2);
    await userEvent.type(name2, 'podinfo');
    await userEvent.type(within(dialog).getByLabelText('Source 2 namespace'), 'apps');
    await userEvent.click(within(dialog).getByRole('button', { name: '+ Add source 2 label' }));
    await userEvent.type(within(dialog).getByLabelText('Source 2 label 1 key'), 'team');
    await userEvent.type(within(dialog).getByLabelText('Source 2 label 1 value'), 'shop');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove event source 1' }));
    await userEvent.click(within(dialog).getByRole('button', { name: '+ Add metadata entry' }));
    await userEvent.type(within(dialog).getByLabelText('Metadata entry 1 key'), 'env');
    await userEvent.type(within(dialog).getByLabelText('Metadata entry 1 value'), 'prod');
    await userEvent.type(within(dialog).getByLabelText('Summary'), 'Shop releases');
    await userEvent.click(within(dialog).getByLabelText('Suspended (sends nothing)'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await expect
      .poll(() => hub.requests.find((r) => r.operationName === 'UpdateAlert')?.variables)
      .toEqual({
        id: 'a1',
        input: {
          namespace: 'flotilla-system',
          name: 'prod-failures',
          providerId: 'p1',
          eventSeverity: 'error',
          eventSources: [
            {
              kind: 'HelmRelease',
              name: 'podinfo',
              namespace: 'apps',
              matchLabels: [{ key: 'team', value: 'shop' }],
            },
          ],
          clusterSelector: { labels: 'env=prod', names: [] },
          mode: 'STATE_CHANGE',
          groupWindowSeconds: 30,
          inclusionList: [],
          exclusionList: [],
          eventMetadata: [{ key: 'env', value: 'prod' }],
          summary: 'Shop releases',
          suspend: true,
        },
      });
  });

  it('an invalid match label is refused in the form before anything is sent', async () => {
    const hub = mockHub({ Viewer: viewer('ADMIN'), ...lists });
    renderRoute(<NotificationsRoute />);
    const alerts = await screen.findByRole('table', { name: 'Alerts' });
    await userEvent.click(within(alerts).getByRole('button', { name: 'Edit prod-failures' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit alert prod-failures' });
    await userEvent.click(within(dialog).getByRole('button', { name: '+ Add source 1 label' }));
    await userEvent.type(within(dialog).getByLabelText('Source 1 label 1 key'), 'not a key');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByLabelText('Source 1 label 1 key')).toHaveAttribute('aria-invalid', 'true');
    expect(hub.requests.find((r) => r.operationName === 'UpdateAlert')).toBeUndefined();
  });

  it('a gcr receiver asks for the token audience and service account email, and sends them', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...lists,
      CreateReceiver: () =>
        gqlData({
          createReceiver: { token: 't', receiver: { ...receiver, id: 'r3', name: 'gcr-hook', type: 'gcr' } },
        }),
    });
    renderRoute(<NotificationsRoute />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add receiver' }));
    const dialog = screen.getByRole('dialog', { name: 'Add receiver' });
    expect(within(dialog).queryByLabelText('Token audience')).toBeNull();
    await userEvent.type(within(dialog).getByLabelText('Name'), 'gcr-hook');
    await userEvent.selectOptions(within(dialog).getByLabelText('Type'), 'gcr');
    await userEvent.clear(within(dialog).getByLabelText('Events'));
    await userEvent.type(within(dialog).getByLabelText('Token audience'), 'https://hub.example.com/gcr');
    await userEvent.type(
      within(dialog).getByLabelText('Service account email'),
      'push@p.iam.gserviceaccount.com',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add receiver' }));
    await expect
      .poll(() => hub.requests.find((r) => r.operationName === 'CreateReceiver')?.variables)
      .toEqual({
        input: {
          name: 'gcr-hook',
          type: 'gcr',
          events: [],
          resources: [{ kind: 'GitRepository', name: '*' }],
          gcrAudience: 'https://hub.example.com/gcr',
          gcrEmail: 'push@p.iam.gserviceaccount.com',
        },
      });
  });

  const managedBy = { fleetSyncId: 'f1', fleetSyncNamespace: 'flotilla-system', fleetSyncName: 'hub', sourceNamespace: 'flotilla-system', sourceName: 'fleet', url: null, file: 'clusters/hub/alerts.yaml', revision: null };
  const managedLists = {
    ListNotificationProviders: () => gqlData({ notificationProviders: [provider({ managedBy })] }),
    ListAlerts: () => gqlData({ alerts: [{ ...alert, managedBy }] }),
    ListReceivers: () => gqlData({ receivers: [{ ...receiver, managedBy }] }),
  };

  it('a git-managed Provider: marked in its table, no Delete; its Secret dialog shows git’s spec read-only and sends only the secret', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...managedLists,
      SetNotificationProviderSecret: () => gqlData({ setNotificationProviderSecret: { id: 'p1', secretKeys: ['token'], hasCertificate: false } }),
    });
    renderRoute(<NotificationsRoute />);
    const providers = await screen.findByRole('table', { name: 'Providers' });
    expect(within(providers).getByText('managed by git')).toBeInTheDocument();
    expect(within(providers).queryByRole('button', { name: 'Delete ops-slack' })).toBeNull();
    await userEvent.click(within(providers).getByRole('button', { name: 'Secret of ops-slack' }));
    const dialog = screen.getByRole('dialog', { name: 'Secret of provider ops-slack' });
    expect(within(dialog).getByTestId('managed-file')).toHaveTextContent('clusters/hub/alerts.yaml');
    expect(within(dialog).getByLabelText('Channel')).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText('Token'), 'xoxb-1');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save secret' }));
    await expect
      .poll(() => hub.requests.find((r) => r.operationName === 'SetNotificationProviderSecret')?.variables)
      .toEqual({ id: 'p1', input: { secret: { token: 'xoxb-1' }, certificate: null } });
    expect(hub.requests.find((r) => r.operationName === 'UpdateNotificationProvider')).toBeUndefined();
  });

  it('a git-managed Provider’s Propose a change: the spec is editable with no secret field, proposeProviderEdit gets the spec alone and the proposal opens', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...managedLists,
      ProposeProviderEdit: () => gqlData({ proposeProviderEdit: { id: 'prop-1', headBranch: 'flotilla/edit-provider-ops-slack-1' } }),
    });
    const { router } = renderRoute(<NotificationsRoute />);
    const providers = await screen.findByRole('table', { name: 'Providers' });
    await userEvent.click(within(providers).getByRole('button', { name: 'Propose a change to ops-slack' }));
    const dialog = screen.getByRole('dialog', { name: 'Propose a change to provider ops-slack' });
    expect(within(dialog).getByText(/it is proposed in git/)).toBeInTheDocument();
    expect(within(dialog).getByText(/never go to git/)).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Token')).toBeNull();
    expect(within(dialog).queryByLabelText('CA certificates')).toBeNull();
    expect(within(dialog).getByLabelText('Name')).toBeDisabled();
    const channel = within(dialog).getByLabelText('Channel');
    expect(channel).toBeEnabled();
    await userEvent.clear(channel);
    await userEvent.type(channel, '#alerts');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/proposals/prop-1'));
    expect(hub.requests.filter((r) => r.operationName === 'ProposeProviderEdit').map((r) => r.variables)).toEqual([
      {
        id: 'p1',
        input: { namespace: 'flotilla-system', name: 'ops-slack', type: 'slack', address: null, channel: '#alerts', username: null, timeout: null, proxy: null, suspend: false },
      },
    ]);
    expect(hub.requests.find((r) => r.operationName === 'UpdateNotificationProvider')).toBeUndefined();
  });

  it('a git-managed Alert and Receiver: Propose a change opens the form in propose mode and sends proposeAlertEdit / proposeReceiverEdit; the hub’s refusal naming a field shows at that field and nothing navigates', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...managedLists,
      ProposeAlertEdit: () => gqlData({ proposeAlertEdit: { id: 'prop-2', headBranch: 'flotilla/edit-alert-prod-failures-1' } }),
      ProposeReceiverEdit: () => gqlError('BAD_USER_INPUT', 'resources: the hub reconciles GitRepository, Kustomization and ImageRepository', 'resources'),
    });
    const { router } = renderRoute(<NotificationsRoute />);
    const receivers = await screen.findByRole('table', { name: 'Receivers' });
    await userEvent.click(within(receivers).getByRole('button', { name: 'Propose a change to push' }));
    const receiverDialog = screen.getByRole('dialog', { name: 'Propose a change to receiver push' });
    expect(within(receiverDialog).getByText(/token is the hub’s and never goes to git/)).toBeInTheDocument();
    await userEvent.click(within(receiverDialog).getByLabelText('Suspended (requests are answered 503)'));
    await userEvent.click(within(receiverDialog).getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(within(receiverDialog).getByLabelText('Reconciles')).toHaveAccessibleDescription(/the hub reconciles GitRepository/));
    expect(hub.requests.find((r) => r.operationName === 'ProposeReceiverEdit')?.variables).toMatchObject({ id: 'r1', input: { name: 'push', type: 'github', suspend: true } });
    expect(router.state.location.pathname).toBe('/');
    await userEvent.keyboard('{Escape}');

    const alerts = screen.getByRole('table', { name: 'Alerts' });
    await userEvent.click(within(alerts).getByRole('button', { name: 'Propose a change to prod-failures' }));
    const alertDialog = screen.getByRole('dialog', { name: 'Propose a change to alert prod-failures' });
    await userEvent.selectOptions(within(alertDialog).getByLabelText('Severity'), 'info');
    await userEvent.click(within(alertDialog).getByRole('button', { name: 'Propose change in git' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/proposals/prop-2'));
    expect(hub.requests.find((r) => r.operationName === 'ProposeAlertEdit')?.variables).toMatchObject({ id: 'a1', input: { name: 'prod-failures', providerId: 'p1', eventSeverity: 'info' } });
    expect(hub.requests.find((r) => r.operationName === 'UpdateAlert')).toBeUndefined();
  });

  it('Propose deletion of a git-managed Alert: admins confirm, proposeFleetDelete gets the kind and the proposal opens; operators see neither it nor Delete', async () => {
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ...managedLists,
      ProposeFleetDelete: () => gqlData({ proposeFleetDelete: { id: 'prop-3', headBranch: 'flotilla/edit-alert-prod-failures-2' } }),
    });
    const { router, unmount } = renderRoute(<NotificationsRoute />);
    const alerts = await screen.findByRole('table', { name: 'Alerts' });
    expect(within(alerts).queryByRole('button', { name: 'Delete prod-failures' })).toBeNull();
    await userEvent.click(within(alerts).getByRole('button', { name: 'Propose deletion of prod-failures' }));
    const dialog = screen.getByRole('dialog', { name: 'Propose deleting Alert prod-failures?' });
    expect(dialog).toHaveTextContent('clusters/hub/alerts.yaml');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Propose deletion in git' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/proposals/prop-3'));
    expect(hub.requests.filter((r) => r.operationName === 'ProposeFleetDelete').map((r) => r.variables)).toEqual([{ kind: 'Alert', id: 'a1' }]);
    unmount();

    mockHub({ Viewer: viewer('OPERATOR'), ...managedLists });
    renderRoute(<NotificationsRoute />);
    const providers = await screen.findByRole('table', { name: 'Providers' });
    expect(within(providers).getByText('managed by git')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Propose deletion|Delete|Propose a change/ })).toBeNull();
  });
});
