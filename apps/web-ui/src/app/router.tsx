import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppShell } from './app-shell';
import { ClusterRoute } from './routes/cluster-route';
import { FleetRoute } from './routes/fleet-route';
import { LoginRoute } from './routes/login-route';
import { NotFoundRoute } from './routes/not-found-route';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute /> },
  {
    element: <AppShell />,
    children: [
      { index: true, element: <FleetRoute /> },
      { path: 'clusters/:clusterId', element: <ClusterRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
