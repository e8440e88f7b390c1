import { Link } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Badge } from '../../components/badge';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { RelativeTime } from '../../components/relative-time';
import { ReadyBadge } from '../../components/status-badges';
import { useDocumentTitle } from '../../lib/use-document-title';
import { rolloutHref } from '../../features/fleet/api/rollout';
import { useHubHelm, type HubHelm } from '../../features/helm/api/list-hub-helm';
import styles from '../../components/table.module.css';

// The hub's HelmRepositories (fetched once for the fleet) and HelmReleases (placed by labels), read-only: they
// are created through the GraphQL API. Each release shows the chart the hub resolved (or why it could not) and
// the values every targeted cluster runs, overlays merged and cluster variables substituted.

type Repository = HubHelm['helmRepositories'][number];
type Release = HubHelm['helmReleases'][number];

function RepositoriesTable({ repositories }: { repositories: readonly Repository[] }) {
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Helm repositories">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Ready</th>
            <th scope="col">URL</th>
            <th scope="col">Index revision</th>
            <th scope="col">Fetched</th>
          </tr>
        </thead>
        <tbody>
          {repositories.map((r) => {
            const ready = r.conditions.find((c) => c.type === 'Ready');
            return (
              <tr key={r.id}>
                <td className={styles.name}>
                  <span>
                    {r.namespace}/{r.name}
                  </span>{' '}
                  <Link
                    to={rolloutHref({ kind: 'HelmRepository', namespace: r.namespace, name: r.name })}
                    aria-label={`Rollout of the HelmReleases reading ${r.namespace}/${r.name}`}
                  >
                    Rollout
                  </Link>
                </td>
                <td className={styles.nowrap}>
                  <ReadyBadge ready={r.ready} reason={ready?.reason} message={r.message} />
                </td>
                <td className={[styles.mono, styles.message].join(' ')}>{r.url}</td>
                <td className={[styles.mono, styles.nowrap].join(' ')}>{r.artifact ? r.artifact.revision.slice(0, 19) : '—'}</td>
                <td className={styles.nowrap}>{r.artifact ? <RelativeTime value={r.artifact.lastUpdateTime} /> : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function placementText(p: Release['placement']): string {
  return [p.clusterSelector ? `clusters matching ${p.clusterSelector}` : '', p.clusterNames.length ? `named ${p.clusterNames.join(', ')}` : ''].filter(Boolean).join(' and ') || 'no cluster';
}

function chartOf(spec: unknown): string {
  const s = spec as { chart?: { spec?: { chart?: string; version?: string } } };
  return `${s.chart?.spec?.chart ?? '?'} ${s.chart?.spec?.version ?? '*'}`;
}

function ReleaseCard({ release }: { release: Release }) {
  const chart = release.chart;
  return (
    <Card title={`${release.namespace}/${release.name}`}>
      <p>
        Chart <code>{chartOf(release.spec)}</code>
        {chart.version ? (
          <>
            {' '}
            → <Badge tone="success">{`${chart.name} ${chart.version}`}</Badge>
          </>
        ) : null}{' '}
        on {placementText(release.placement)} · generation {release.generation} ·{' '}
        <Link to={rolloutHref({ kind: 'HelmRelease', namespace: release.namespace, name: release.name })}>
          Rollout across the fleet
        </Link>
      </p>
      {chart.failureReason ? <ErrorAlert title={`Chart not resolved · ${chart.failureReason}`} error={new Error(chart.failureMessage ?? chart.failureReason)} /> : null}
      <h3>Values per cluster</h3>
      {release.clusterValues.length === 0 ? (
        <p>No targeted cluster.</p>
      ) : (
        release.clusterValues.map((c) => (
          <section key={c.clusterId} aria-label={`Values on ${c.clusterName}`}>
            <h4>{c.clusterName}</h4>
            {c.error ? (
              <ErrorAlert title="Not assigned: the values cannot be rendered" error={new Error(c.error)} />
            ) : (
              <pre className={styles.mono} tabIndex={0}>
                {JSON.stringify(c.values, null, 2)}
              </pre>
            )}
          </section>
        ))
      )}
    </Card>
  );
}

export function HelmRoute() {
  useDocumentTitle('Helm');
  const helm = useHubHelm();
  return (
    <Page label="Helm">
      <PageHeader title="Helm" subtitle="Helm repositories the hub fetches once for the fleet, and HelmReleases placed on clusters by labels" />
      {helm.isPending ? (
        <Card bodyless>
          <SkeletonRows />
        </Card>
      ) : helm.isError ? (
        <Card>
          <ErrorAlert error={helm.error} title="Could not load Helm repositories and releases" />
        </Card>
      ) : (
        <>
          <Card title="Helm repositories" bodyless>
            {helm.data.helmRepositories.length > 0 ? (
              <RepositoriesTable repositories={helm.data.helmRepositories} />
            ) : (
              <EmptyState icon="⎈" title="No Helm repositories yet">
                Create one with the GraphQL mutation createHelmRepository.
              </EmptyState>
            )}
          </Card>
          {helm.data.helmReleases.map((r) => (
            <ReleaseCard key={r.id} release={r} />
          ))}
        </>
      )}
    </Page>
  );
}
