import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gqlData, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { PeopleRoute } from './people-route';

const viewer = (role: string) => () =>
  gqlData({ viewer: { id: 'u1', username: 'ann', role, highestRole: role } });
const user = (id: string, username: string, role: string | null, disabled = false) => ({
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

  it('teams: shows members and grants, adds a member and a scoped grant with the namespaces as a list', async () => {
    const team = (grants: unknown[], members: unknown[]) => ({
      id: 't1',
      name: 'dev-ops',
      createdAt: new Date().toISOString(),
      members,
      grants,
    });
    const hub = mockHub({
      Viewer: viewer('ADMIN'),
      ListUsers: () => gqlData({ users: [user('u1', 'ann', 'ADMIN'), user('u2', 'dana', null)] }),
      ListTeams: () =>
        gqlData({ teams: [team([{ id: 'g1', role: 'VIEWER', clusterSelector: '', namespaces: [] }], [])] }),
      AddTeamMember: () => gqlData({ addTeamMember: team([], [{ userId: 'u2', username: 'dana' }]) }),
      AddTeamGrant: () => gqlData({ addTeamGrant: team([], []) }),
    });
    renderRoute(<PeopleRoute />);
    const card = await screen.findByText('Team dev-ops');
    const section = card.closest('[data-team]') as HTMLElement;
    const grants = within(section).getByRole('table', { name: 'Grants of dev-ops' });
    expect(grants).toHaveTextContent('every cluster');
    expect(grants).toHaveTextContent('every namespace');
    // A user without an own role is offered as such in the users table.
    expect(screen.getByRole('combobox', { name: 'Role of dana' })).toHaveValue('');

    await userEvent.selectOptions(within(section).getByLabelText('Add member'), 'u2');
    await userEvent.click(within(section).getByRole('button', { name: 'Add' }));
    await userEvent.selectOptions(within(section).getByLabelText('Grant role'), 'OPERATOR');
    await userEvent.type(within(section).getByLabelText('On clusters matching'), 'env=dev');
    await userEvent.type(within(section).getByLabelText('In namespaces'), 'apps, web');
    await userEvent.click(within(section).getByRole('button', { name: 'Add grant' }));
    await screen.findByText('Team dev-ops');
    const sent = (name: string) => hub.requests.find((r) => r.operationName === name)?.variables;
    expect(sent('AddTeamMember')).toEqual({ teamId: 't1', userId: 'u2' });
    expect(sent('AddTeamGrant')).toEqual({
      input: { teamId: 't1', role: 'OPERATOR', clusterSelector: 'env=dev', namespaces: ['apps', 'web'] },
    });
  });
});
