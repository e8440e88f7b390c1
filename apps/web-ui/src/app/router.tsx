import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppShell } from './app-shell';
import { AccountRoute } from './routes/account-route';
import { AuditRoute } from './routes/audit-route';
import { ClusterHealthRoute } from './routes/cluster-health-route';
import { ClusterRoute } from './routes/cluster-route';
import { FleetRoute } from './routes/fleet-route';
import { FluxObjectsRoute } from './routes/flux-objects-route';
import { ImagesRoute } from './routes/images-route';
import { KustomizationFormRoute } from './routes/kustomization-form-route';
import { KustomizationRoute } from './routes/kustomization-route';
import { KustomizationPreviewRoute } from './routes/kustomization-preview-route';
import { KustomizationsRoute } from './routes/kustomizations-route';
import { LoginRoute } from './routes/login-route';
import { NotFoundRoute } from './routes/not-found-route';
import { NotificationsRoute } from './routes/notifications-route';
import { FleetSyncsRoute } from './routes/fleet-syncs-route';
import { PeopleRoute } from './routes/people-route';
import { ProposalRoute } from './routes/proposal-route';
import { ProposalsRoute } from './routes/proposals-route';
import { RolloutRoute } from './routes/rollout-route';
import { SearchRoute } from './routes/search-route';
import { OciSourceFormRoute } from './routes/oci-source-form-route';
import { OciSourceRoute } from './routes/oci-source-route';
import { SourceFormRoute } from './routes/source-form-route';
import { SourceRoute } from './routes/source-route';
import { SourcesRoute } from './routes/sources-route';
import { HelmRoute } from './routes/helm-route';
import { HelmReleaseFormRoute } from './routes/helm-release-form-route';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute /> },
  {
    element: <AppShell />,
    children: [
      { index: true, element: <FleetRoute /> },
      { path: 'health', element: <ClusterHealthRoute /> },
      { path: 'rollout', element: <RolloutRoute /> },
      { path: 'clusters/:clusterId', element: <ClusterRoute /> },
      { path: 'sources', element: <SourcesRoute /> },
      { path: 'helm', element: <HelmRoute /> },
      { path: 'helm/releases/new', element: <HelmReleaseFormRoute /> },
      { path: 'helm/releases/:releaseId/edit', element: <HelmReleaseFormRoute /> },
      { path: 'sources/new', element: <SourceFormRoute /> },
      { path: 'sources/oci/new', element: <OciSourceFormRoute /> },
      { path: 'sources/oci/:ociId', element: <OciSourceRoute /> },
      { path: 'sources/oci/:ociId/edit', element: <OciSourceFormRoute /> },
      { path: 'sources/:sourceId', element: <SourceRoute /> },
      { path: 'sources/:sourceId/edit', element: <SourceFormRoute /> },
      { path: 'flux-objects', element: <FluxObjectsRoute /> },
      { path: 'kustomizations', element: <KustomizationsRoute /> },
      { path: 'kustomizations/new', element: <KustomizationFormRoute /> },
      { path: 'kustomizations/:kustomizationId', element: <KustomizationRoute /> },
      { path: 'kustomizations/:kustomizationId/edit', element: <KustomizationFormRoute /> },
      { path: 'kustomizations/:kustomizationId/preview', element: <KustomizationPreviewRoute /> },
      { path: 'images', element: <ImagesRoute /> },
      { path: 'proposals', element: <ProposalsRoute /> },
      { path: 'proposals/:proposalId', element: <ProposalRoute /> },
      { path: 'notifications', element: <NotificationsRoute /> },
      { path: 'fleet-syncs', element: <FleetSyncsRoute /> },
      { path: 'people', element: <PeopleRoute /> },
      { path: 'audit', element: <AuditRoute /> },
      { path: 'search', element: <SearchRoute /> },
      { path: 'account', element: <AccountRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
