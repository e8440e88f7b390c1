import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { gqlData, gqlError, mockHub } from '../../../test/mock-hub';
import { renderRoute } from '../../../test/render';
import { SearchRoute } from './search-route';

const result = (truncated = false) =>
  gqlData({
    fleetSearch: {
      truncated,
      objects: [
        {
          clusterId: 'c-1',
          clusterName: 'prod-1',
          kind: 'Kustomization',
          namespace: 'apps',
          name: 'nginx',
          health: 'FAILING',
          revision: null,
        },
      ],
      inventory: [
        {
          clusterId: 'c-2',
          clusterName: 'edge-2',
          group: 'apps',
          kind: 'Deployment',
          namespace: 'web',
          name: 'nginx-edge',
          ownerKind: 'Kustomization',
          ownerNamespace: 'flux-system',
          ownerName: 'apps',
        },
        {
          clusterId: 'c-2',
          clusterName: 'edge-2',
          group: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          namespace: null,
          name: 'nginx-edge',
          ownerKind: 'Kustomization',
          ownerNamespace: 'flux-system',
          ownerName: 'apps',
        },
      ],
      images: [],
    },
  });

const imageResult = () =>
  gqlData({
    fleetSearch: {
      truncated: false,
      objects: [],
      inventory: [],
      images: ['prod-1', 'edge-2'].map((clusterName, i) => ({
        clusterId: `c-${i + 1}`,
        clusterName,
        group: 'apps',
        kind: 'Deployment',
        namespace: 'web',
        name: 'frontend',
        image: 'nginx:1.25.3',
        ownerKind: 'Kustomization',
        ownerNamespace: 'flux-system',
        ownerName: 'apps',
      })),
    },
  });

describe('SearchRoute', () => {
  it('shows Flux objects and applied objects found on each cluster, each linked to its detail', async () => {
    const hub = mockHub({ FleetSearch: () => result(true) });
    renderRoute(<SearchRoute />, { path: '/search?q=nginx', pattern: '/search' });
    const objects = await screen.findByRole('list', { name: 'Flux objects found' });
    expect(hub.requests[0]?.variables).toMatchObject({ query: 'nginx' });
    expect(within(objects).getByRole('link', { name: 'Kustomization/apps/nginx' })).toHaveAttribute(
      'href',
      '/flux-objects?cluster=c-1&kind=Kustomization&q=nginx',
    );
    expect(objects).toHaveTextContent('Failing');
    const applied = screen.getByRole('list', { name: 'Applied objects found' });
    const [deployment, role] = within(applied).getAllByRole('listitem');
    expect(deployment).toHaveTextContent('Deployment/web/nginx-edge');
    expect(within(deployment!).getByRole('link', { name: 'edge-2' })).toHaveAttribute(
      'href',
      '/clusters/c-2',
    );
    expect(
      within(deployment!).getByRole('link', { name: 'Kustomization/flux-system/apps' }),
    ).toBeInTheDocument();
    expect(role).toHaveTextContent('ClusterRole/nginx-edge');
    expect(screen.getByText(/More match/)).toBeInTheDocument();
  });

  it('lists the workloads that run an image, with their cluster and the Kustomization that applied them', async () => {
    const hub = mockHub({ FleetSearch: imageResult });
    renderRoute(<SearchRoute />, { path: '/search?q=nginx%3A1.25.3', pattern: '/search' });
    const images = await screen.findByRole('list', { name: 'Workloads running the image' });
    expect(hub.requests[0]?.variables).toMatchObject({ query: 'nginx:1.25.3' });
    const rows = within(images).getAllByRole('listitem');
    expect(rows.map((r) => within(r).getAllByRole('link')[0]?.textContent)).toEqual(['prod-1', 'edge-2']);
    expect(rows[0]).toHaveTextContent('nginx:1.25.3');
    expect(rows[0]).toHaveTextContent('Deployment/web/frontend');
    expect(within(rows[1]!).getByRole('link', { name: 'edge-2' })).toHaveAttribute('href', '/clusters/c-2');
    expect(within(rows[1]!).getByRole('link', { name: 'Kustomization/flux-system/apps' })).toHaveAttribute(
      'href',
      '/flux-objects?cluster=c-2&kind=Kustomization&q=apps',
    );
    expect(screen.getByRole('heading', { name: 'Workloads running the image (2)' })).toBeInTheDocument();
  });

  it('asks for three characters before searching, and shows the hub’s refusal', async () => {
    const hub = mockHub({
      FleetSearch: () => gqlError('BAD_USER_INPUT', 'search needs at least 3 characters', 'query'),
    });
    renderRoute(<SearchRoute />, { path: '/search?q=ng', pattern: '/search' });
    expect(await screen.findByText('Type at least 3 characters in the search box')).toBeInTheDocument();
    expect(hub.requests).toHaveLength(0);
  });

  it('says when nothing matches', async () => {
    mockHub({
      FleetSearch: () =>
        gqlData({ fleetSearch: { truncated: false, objects: [], inventory: [], images: [] } }),
    });
    renderRoute(<SearchRoute />, { path: '/search?q=zzz', pattern: '/search' });
    expect(await screen.findByText('No Flux object matches.')).toBeInTheDocument();
    expect(screen.getByText('No applied object matches.')).toBeInTheDocument();
    expect(screen.getByText('No workload runs a matching image.')).toBeInTheDocument();
  });
});
