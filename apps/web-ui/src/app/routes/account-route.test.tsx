import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, gqlError, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { AccountRoute } from './account-route';

const viewer = (role: string) => () =>
  gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });

describe('AccountRoute', () => {
  it('offers token roles up to the viewer’s own and shows the token once', async () => {
    const hub = mockHub({
      Viewer: viewer('OPERATOR'),
      ListApiTokens: () => gqlData({ apiTokens: [] }),
      CreateApiToken: () =>
        gqlData({
          createApiToken: {
            id: 't1',
            name: 'ci',
            role: 'VIEWER',
            token: 'flt_secret',
            expiresAt: new Date().toISOString(),
          },
        }),
    });
    renderRoute(<AccountRoute />);
    await userEvent.click(await screen.findByRole('button', { name: 'New API token' }));
    const dialog = await screen.findByRole('dialog');
    const role = within(dialog).getByLabelText('Role');
    expect(
      within(role)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Viewer', 'Operator']);
    await userEvent.type(within(dialog).getByLabelText('Name'), 'ci');
    await userEvent.selectOptions(role, 'VIEWER');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create token' }));
    await within(dialog).findByText('flt_secret');
    expect(hub.requests.find((r) => r.operationName === 'CreateApiToken')?.variables).toEqual({
      input: { name: 'ci', ttlDays: 90, role: 'VIEWER' },
    });
  });

  it('shows a wrong current password at its field', async () => {
    mockHub({
      Viewer: viewer('VIEWER'),
      ListApiTokens: () => gqlData({ apiTokens: [] }),
      ChangeOwnPassword: () => gqlError('BAD_USER_INPUT', 'the current password is wrong', 'currentPassword'),
    });
    renderRoute(<AccountRoute />);
    await userEvent.type(await screen.findByLabelText('Current password'), 'nope-nope');
    await userEvent.type(screen.getByLabelText('New password'), 'a-new-password');
    await userEvent.type(screen.getByLabelText('Repeat new password'), 'a-new-password');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Current password')).toHaveAttribute('aria-invalid', 'true'),
    );
    expect(screen.getByText('the current password is wrong')).toBeInTheDocument();
  });

  it('with a generated password, offers only the password change and asks for no tokens', async () => {
    const hub = mockHub({
      Viewer: () =>
        gqlData({
          viewer: {
            id: 'u1',
            username: 'ann',
            role: 'VIEWER',
            highestRole: 'VIEWER',
            passwordChangeRequired: true,
          },
        }),
    });
    renderRoute(<AccountRoute />);
    await screen.findByText('Choose your own password');
    expect(screen.getByRole('button', { name: 'Change password' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New API token' })).toBeNull();
    expect(hub.requests.map((r) => r.operationName)).not.toContain('ListApiTokens');
  });
});
