import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import { AddClusterDialog } from './add-cluster-dialog';

const tokenReply = {
  createRegistrationToken: {
    token: 'flt_reg_secret123',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    agentCommand:
      'pnpm --silent flotilla agent --hub http://127.0.0.1:8080 --token flt_reg_secret123 --kubeconfig ~/.kube/config',
    agentManifests: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flotilla-system\n',
    hubUrl: 'http://127.0.0.1:8080',
    agentImage: 'flotilla/agent:0.1.0',
    cluster: { id: 'c1', name: 'prod-eu-1' },
  },
};

function setup() {
  document.cookie = 'flotilla_csrf=csrf-abc; path=/';
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderRoute(<AddClusterDialog open onClose={onClose} />);
  return { user, onClose };
}

describe('AddClusterDialog', () => {
  it('blocks invalid names and labels without calling the hub', async () => {
    const hub = mockHub({});
    const { user } = setup();
    await user.type(screen.getByLabelText('Cluster name'), 'Prod_EU');
    await user.type(screen.getByLabelText('Label 1 key'), '-env');
    await user.type(screen.getByLabelText('Label 1 value'), 'prod!');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(screen.getByLabelText('Cluster name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/Use lowercase letters, digits and "-"/)).toBeInTheDocument();
    expect(screen.getByLabelText('Label 1 key')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Label 1 value')).toHaveAttribute('aria-invalid', 'true');
    expect(hub.requests).toHaveLength(0);
  });

  it('creates the token with CSRF header, then shows token, expiry, command and manifests once', async () => {
    const hub = mockHub({ CreateRegistrationToken: () => gqlData(tokenReply) });
    const { user } = setup();
    await user.type(screen.getByLabelText('Cluster name'), 'prod-eu-1');
    await user.type(screen.getByLabelText('Label 1 key'), 'env');
    await user.type(screen.getByLabelText('Label 1 value'), 'prod');
    await user.click(screen.getByRole('button', { name: '+ Add label' }));
    await user.type(screen.getByLabelText('Label 2 key'), 'example.com/team');
    await user.selectOptions(screen.getByLabelText('Token lifetime'), '900');
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    await screen.findByText(/shown only once/);
    expect(hub.requests).toHaveLength(1);
    expect(hub.requests[0]?.headers['x-csrf-token']).toBe('csrf-abc');
    expect(hub.requests[0]?.variables).toEqual({
      input: {
        clusterName: 'prod-eu-1',
        labels: [
          { key: 'env', value: 'prod' },
          { key: 'example.com/team', value: '' },
        ],
        ttlSeconds: 900,
      },
    });
    expect(screen.getByTestId('registration-token')).toHaveTextContent('flt_reg_secret123');
    expect(screen.getByTestId('agent-command')).toHaveTextContent(
      tokenReply.createRegistrationToken.agentCommand,
    );
    expect(screen.getByText(/in 1 h|in 59 min/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Copy agent command' }));
    expect(screen.getByRole('button', { name: 'Copy agent command' })).toHaveTextContent('Copied');
    expect(await navigator.clipboard.readText()).toBe(tokenReply.createRegistrationToken.agentCommand);

    await user.click(screen.getByRole('tab', { name: 'In-cluster manifests' }));
    // A fresh panel: the "Copied" state of the command does not leak onto the manifests' button.
    expect(screen.getByRole('button', { name: 'Copy agent manifests' })).toHaveTextContent(/^Copy$/);
    expect(screen.getByTestId('agent-manifests')).toHaveTextContent('name: flotilla-system');
    expect(screen.getByRole('tab', { name: 'In-cluster manifests' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    // A hub on loopback works for the local command only: the manifests' tab says so and names the fix.
    const warning = screen
      .getByText('Pods cannot reach the hub at http://127.0.0.1:8080')
      .closest('[role="alert"]');
    expect(warning).toHaveTextContent(
      "FLOTILLA_HOST=0.0.0.0 FLOTILLA_PUBLIC_URL=http://<this machine's IP>:8080 pnpm start",
    );
    expect(screen.getByRole('note')).toHaveTextContent(
      'docker build -f deploy/Dockerfile.agent -t flotilla/agent:0.1.0 .',
    );
    // Keyboard: the tabs follow the WAI-ARIA pattern.
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'Local kubeconfig' })).toHaveAttribute('aria-selected', 'true');
  });

  it('does not warn about the hub URL when FLOTILLA_PUBLIC_URL gives one pods can reach', async () => {
    const reachable = {
      createRegistrationToken: {
        ...tokenReply.createRegistrationToken,
        hubUrl: 'https://flotilla.example.com',
        agentImage: 'registry.example.com/flotilla/agent:0.1.0',
      },
    };
    mockHub({ CreateRegistrationToken: () => gqlData(reachable) });
    const { user } = setup();
    await user.type(screen.getByLabelText('Cluster name'), 'prod-eu-1');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByText(/shown only once/);
    await user.click(screen.getByRole('tab', { name: 'In-cluster manifests' }));
    expect(screen.queryByText(/Pods cannot reach the hub/)).toBeNull();
    expect(screen.getByRole('note')).toHaveTextContent('registry.example.com/flotilla/agent:0.1.0');
  });

  it('shows a name conflict from the hub on the name field and keeps the input', async () => {
    mockHub({
      CreateRegistrationToken: () => gqlError('CONFLICT', 'A cluster named "prod-eu-1" already exists.'),
    });
    const { user } = setup();
    await user.type(screen.getByLabelText('Cluster name'), 'prod-eu-1');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByText('A cluster named "prod-eu-1" already exists.');
    expect(screen.getByLabelText('Cluster name')).toHaveValue('prod-eu-1');
    expect(screen.getByLabelText('Cluster name')).toHaveAttribute('aria-invalid', 'true');
  });

  it('puts a hub BAD_USER_INPUT for a label row next to that row', async () => {
    mockHub({
      CreateRegistrationToken: () =>
        gqlError('BAD_USER_INPUT', '"x" is not a valid Kubernetes label value', 'input.labels[0].value'),
    });
    const { user } = setup();
    await user.type(screen.getByLabelText('Cluster name'), 'prod-eu-1');
    await user.type(screen.getByLabelText('Label 1 key'), 'env');
    await user.type(screen.getByLabelText('Label 1 value'), 'x');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByText('"x" is not a valid Kubernetes label value');
    expect(screen.getByLabelText('Label 1 value')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a FORBIDDEN error with its code', async () => {
    mockHub({ CreateRegistrationToken: () => gqlError('FORBIDDEN', 'Forbidden resource') });
    const { user } = setup();
    await user.type(screen.getByLabelText('Cluster name'), 'prod-eu-1');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('FORBIDDEN')).toBeInTheDocument();
    expect(alert).toHaveTextContent(/role does not allow/);
  });

  it('closing after the result forgets the token', async () => {
    mockHub({ CreateRegistrationToken: () => gqlData(tokenReply) });
    const { user, onClose } = setup();
    await user.type(screen.getByLabelText('Cluster name'), 'prod-eu-1');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByText(/shown only once/);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });
});
