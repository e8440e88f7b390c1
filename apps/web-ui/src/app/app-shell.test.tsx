import { describe, expect, it, vi } from 'vitest';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { quietFleet } from '../../test/fleet-overview-handlers';
import { gqlData, gqlError, mockHub } from '../../test/mock-hub';
import { AppShell } from './app-shell';
import { createQueryClient } from './query-client';
import { FleetRoute } from './routes/fleet-route';

// The realtime socket is not under test here.
vi.mock('../realtime/use-realtime', () => ({ useRealtime: () => 'live' }));

function renderApp(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/login', element: <div>login page</div> },
      {
        element: <AppShell />,
        children: [
          { index: true, element: <FleetRoute /> },
          { path: 'account', element: <div>account page</div> },
        ],
      },
    ],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe('AppShell auth guard', () => {
  it('a session with a generated password can only reach the account page', async () => {
    mockHub({
      ...quietFleet,
      Viewer: () =>
        gqlData({
          viewer: {
            id: 'u1',
            username: 'ann',
            role: 'ADMIN',
            highestRole: 'ADMIN',
            passwordChangeRequired: true,
          },
        }),
    });
    const router = renderApp('/');
    await screen.findByText('account page');
    expect(router.state.location.pathname).toBe('/account');
  });

  it('without a session, sends the user to /login with the page to come back to', async () => {
    mockHub({ ...quietFleet, Viewer: () => gqlError('UNAUTHENTICATED', 'log in first') });
    const router = renderApp('/?selector=env%3Dprod');
    await screen.findByText('login page');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/?selector=env%3Dprod');
  });

  it('a session that expires while a page is open ends on the login page, not in error boxes', async () => {
    let sessionAlive = true;
    mockHub({
      ...quietFleet,
      Viewer: () =>
        sessionAlive
          ? gqlData({ viewer: { id: 'u1', username: 'ann', role: 'ADMIN', highestRole: 'ADMIN' } })
          : gqlError('UNAUTHENTICATED', 'session expired'),
      ListClusters: () => {
        sessionAlive = false;
        return gqlError('UNAUTHENTICATED', 'session expired');
      },
    });
    const router = renderApp('/');
    await screen.findByText('login page');
    expect(router.state.location.pathname).toBe('/login');
  });

  it('shows who is signed in and their role', async () => {
    mockHub({
      ...quietFleet,
      Viewer: () =>
        gqlData({ viewer: { id: 'u1', username: 'ann', role: 'OPERATOR', highestRole: 'OPERATOR' } }),
      ListClusters: () =>
        gqlData({
          clusters: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] },
        }),
    });
    renderApp('/');
    expect(await screen.findByText('ann')).toBeInTheDocument();
    expect(screen.getByText('Operator')).toBeInTheDocument();
  });
});
