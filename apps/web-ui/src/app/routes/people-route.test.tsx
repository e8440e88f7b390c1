import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { gqlData, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { PeopleRoute } from './people-route';

const viewer = (role: string) => () => gqlData({ viewer: { id: 'u1', username: 'ann', role } });
const user = (id: string, username: string, role: string, disabled = false) => ({
  id,
  username,
  role,
  createdAt: new Date().toISOString(),
  lastLoginAt: null,
  disabled,
  disabledAt: disabled ? new Date().toISOString() : null,
});

describe('PeopleRoute', () => {
  it('is not there for operators, and asks the hub for no users', async () => {
    const hub = mockHub({ Viewer: viewer('OPERATOR') });
    renderRoute(<PeopleRoute />);
    await screen.findByText('Page not found');
    expect(hub.requests.map((r) => r.operationName)).not.toContain('ListUsers');
  });

  it('lists users for admins; nobody gets a Delete button for themself', async () => {
    mockHub({
      Viewer: viewer('ADMIN'),
      ListUsers: () => gqlData({ users: [user('u1', 'ann', 'ADMIN'), user('u2', 'bo', 'VIEWER', true)] }),
    });
    renderRoute(<PeopleRoute />);
    const own = (await screen.findByText('(you)')).closest('tr')!;
    expect(within(own).queryByRole('button', { name: /Delete/ })).toBeNull();
    const bo = screen.getByText('bo').closest('tr')!;
    expect(bo).toHaveTextContent('Disabled');
    expect(within(bo).getByRole('button', { name: 'Delete bo' })).toBeInTheDocument();
    expect(within(bo).getByRole('button', { name: 'Enable' })).toBeInTheDocument();
  });
});
