import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Badge } from '../../components/badge';
import { ManagedByGitBadge } from '../../features/fleet-sync/components/managed-by-git-badge';
import { Card, EmptyState, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { RelativeTime } from '../../components/relative-time';
import { ReadyBadge, SuspendedBadge } from '../../components/status-badges';
import { SuspendButton } from '../../features/flux-objects/components/suspend-button';
import { useDocumentTitle } from '../../lib/use-document-title';
import { rolloutHref } from '../../features/fleet/api/rollout';
import { useState } from 'react';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { hubHelmKey, useHubHelm, type HubHelm, type HubHelmRelease, type HubHelmRepository } from '../../features/helm/api/list-hub-helm';
import { useDeleteHelmRelease, useDeleteHelmRepository, useReconcileHelmRepository } from '../../features/helm/api/save-helm';
import { HelmRepositoryDialog } from '../../features/helm/components/helm-repository-dialog';
import { useHelmReleaseClusters } from '../../features/helm/api/get-helm-release-clusters';
import { ReleaseClusters } from '../../features/helm/components/release-clusters';
import { ManagedByGitNotice } from '../../features/fleet-sync/components/managed-by-git-notice';
import { DeleteOrProposeDeletion } from '../../features/fleet-sync/components/propose-deletion';
import { useCan } from '../../lib/auth/use-can';
import { showToast } from '../../lib/toast-store';
import styles from '../../components/table.module.css';
import local from './helm-route.module.css';

// The hub's HelmRepositories (fetched once for the fleet) and HelmReleases (placed by labels). Operators add,
// edit and fetch repositories and add and edit releases here; admins delete them. Each release shows the chart
// the hub resolved (or why it could not), each targeted cluster's status as its agent reported it (kept fresh by
// the realtime events) and the values every targeted cluster runs, overlays merged and cluster variables
// substituted.

type Repository = HubHelm['helmRepositories'][number];
type Release = HubHelm['helmReleases'][number];

interface RowActions<T> {
  canWrite: boolean;
  canDelete: boolean;
  onDelete: (item: T) => void;
}

function RepositoriesTable({ repositories, actions, onEdit, onPropose }: { repositories: readonly Repository[]; actions: RowActions<Repository>; onEdit: (r: Repository) => void; onPropose: (r: Repository) => void }) {
  const fetchNow = useReconcileHelmRepository();
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
            {(actions.canWrite || actions.canDelete) && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
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
                  <ManagedByGitBadge managedBy={r.managedBy} />{' '}
                  {r.suspend && (
                    <>
                      <SuspendedBadge />{' '}
                    </>
                  )}
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
                {(actions.canWrite || actions.canDelete) && (
                  <td className={styles.nowrap}>
                    {actions.canWrite && (
                      <>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Fetch now: ${r.name}`}
                          onClick={() =>
                            fetchNow.mutate(r.id, {
                              onSuccess: () => showToast(`Fetch of ${r.name} requested.`),
                              onError: (e) => showToast(e.message, 'error'),
                            })
                          }
                        >
                          Fetch now
                        </Button>{' '}
                        <SuspendButton kind="HelmRepository" id={r.id} name={r.name} suspended={r.suspend} invalidate={() => [hubHelmKey]} />
                        {/* Git declares the spec (a change is proposed there); the hub holds its credentials and TLS material. */}
                        {r.managedBy && (
                          <>
                            <Button size="sm" variant="ghost" aria-label={`Propose a change to ${r.name}`} onClick={() => onPropose(r)}>
                              Propose a change
                            </Button>{' '}
                          </>
                        )}
                        <Button size="sm" variant="ghost" aria-label={`${r.managedBy ? 'Credentials of' : 'Edit'} ${r.name}`} onClick={() => onEdit(r)}>
                          {r.managedBy ? 'Credentials' : 'Edit'}
                        </Button>{' '}
                      </>
                    )}
                    {actions.canDelete && <DeleteOrProposeDeletion kind="HelmRepository" id={r.id} name={r.name} managedBy={r.managedBy} onDelete={() => actions.onDelete(r)} size="sm" />}
                  </td>
                )}
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

const releaseSuspended = (r: Release): boolean => (r.spec as { suspend?: boolean } | null)?.suspend === true;

function chartOf(spec: unknown): string {
  const s = spec as { chart?: { spec?: { chart?: string; version?: string } }; chartRef?: { kind?: string; name?: string; namespace?: string } };
  if (s.chartRef) return `${s.chartRef.kind ?? '?'} ${s.chartRef.namespace ? `${s.chartRef.namespace}/` : ''}${s.chartRef.name ?? '?'}`;
  return `${s.chart?.spec?.chart ?? '?'} ${s.chart?.spec?.version ?? '*'}`;
}

/** The release form edits `chart.spec` only: a release with a `chartRef` is edited as YAML (import or its FleetSync's repository). */
const formEditable = (r: Release): boolean => (r.spec as { chartRef?: unknown } | null)?.chartRef === undefined;

/** Each release reads its clusters' status and history on its own (see get-helm-release-clusters). */
function ReleaseClustersSection({ release }: { release: Release }) {
  const clusters = useHelmReleaseClusters(release.id);
  if (clusters.isPending) return <SkeletonRows />;
  if (clusters.isError) return <ErrorAlert error={clusters.error} title="Could not load the release on its clusters" />;
  return <ReleaseClusters release={`${release.namespace}/${release.name}`} releaseId={release.id} clusters={clusters.data.helmRelease?.clusters ?? []} />;
}

function ReleaseCard({ release, actions }: { release: Release; actions: RowActions<Release> }) {
  const chart = release.chart;
  return (
    <Card
      title={`${release.namespace}/${release.name}`}
      actions={
        actions.canWrite || actions.canDelete ? (
          <>
            {actions.canWrite && <SuspendButton kind="HelmRelease" id={release.id} name={release.name} suspended={releaseSuspended(release)} invalidate={() => [hubHelmKey]} />}
            {actions.canWrite && formEditable(release) && (
              <Link to={`/helm/releases/${release.id}/edit`} aria-label={`${release.managedBy ? 'Propose a change to' : 'Edit'} ${release.name}`}>
                {release.managedBy ? 'Propose a change' : 'Edit'}
              </Link>
            )}{' '}
            {actions.canDelete && <DeleteOrProposeDeletion kind="HelmRelease" id={release.id} name={release.name} managedBy={release.managedBy} onDelete={() => actions.onDelete(release)} size="sm" />}
          </>
        ) : undefined
      }
    >
      <p className={local.summary}>
        {releaseSuspended(release) && <SuspendedBadge />} Chart <code>{chartOf(release.spec)}</code>
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
      {release.managedBy && <ManagedByGitNotice managedBy={release.managedBy} kind="HelmRelease" />}
      {chart.failureReason ? <ErrorAlert title={`Chart not resolved · ${chart.failureReason}`} error={new Error(chart.failureMessage ?? chart.failureReason)} /> : null}
      <h3>Status per cluster</h3>
      <ReleaseClustersSection release={release} />
      <h3>Values per cluster</h3>
      <p>Rendered by the hub: overlays merged, cluster variables substituted. Values a release takes from Secrets (valuesFrom kind Secret) are read on the cluster and are not known at the hub.</p>
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
  const canWrite = useCan('helm:write');
  const canDelete = useCan('gitops:delete');
  const [editing, setEditing] = useState<HubHelmRepository | 'new' | null>(null);
  const [proposing, setProposing] = useState<HubHelmRepository | null>(null);
  const navigate = useNavigate();
  const [deletingRepo, setDeletingRepo] = useState<HubHelmRepository | null>(null);
  const [deletingRelease, setDeletingRelease] = useState<HubHelmRelease | null>(null);
  const removeRepo = useDeleteHelmRepository();
  const removeRelease = useDeleteHelmRelease();
  const repoActions: RowActions<Repository> = { canWrite, canDelete, onDelete: setDeletingRepo };
  const releaseActions: RowActions<Release> = { canWrite, canDelete, onDelete: setDeletingRelease };
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
          <Card title="Helm repositories" bodyless actions={canWrite ? <Button onClick={() => setEditing('new')}>Add Helm repository</Button> : undefined}>
            {helm.data.helmRepositories.length > 0 ? (
              <RepositoriesTable repositories={helm.data.helmRepositories} actions={repoActions} onEdit={setEditing} onPropose={setProposing} />
            ) : (
              <EmptyState icon="⎈" title="No Helm repositories yet">
                A HelmRepository is a chart repository the hub fetches once for the fleet.
              </EmptyState>
            )}
          </Card>
          <Card
            title="Helm releases"
            actions={
              canWrite && helm.data.helmRepositories.length > 0 ? (
                <Link to="/helm/releases/new">Add HelmRelease</Link>
              ) : undefined
            }
          >
            {helm.data.helmReleases.length === 0 ? <p>No HelmRelease yet.</p> : null}
          </Card>
          {helm.data.helmReleases.map((r) => (
            <ReleaseCard key={r.id} release={r} actions={releaseActions} />
          ))}
        </>
      )}
      {editing && <HelmRepositoryDialog repository={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {proposing && <HelmRepositoryDialog repository={proposing} onClose={() => setProposing(null)} proposeInGit={{ onProposed: (id) => navigate(`/proposals/${id}`) }} />}
      <ConfirmDialog
        open={deletingRepo !== null}
        onClose={() => setDeletingRepo(null)}
        title={`Delete Helm repository ${deletingRepo?.name ?? ''}?`}
        confirmLabel="Delete Helm repository"
        mutation={removeRepo}
        variables={deletingRepo?.id ?? ''}
        successToast={`Helm repository ${deletingRepo?.name ?? ''} deleted.`}
        errorTitle="Could not delete the Helm repository"
      >
        <p style={{ margin: 0 }}>The hub refuses while a HelmRelease takes its chart from it.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={deletingRelease !== null}
        onClose={() => setDeletingRelease(null)}
        title={`Delete HelmRelease ${deletingRelease?.name ?? ''}?`}
        confirmLabel="Delete HelmRelease"
        mutation={removeRelease}
        variables={deletingRelease?.id ?? ''}
        successToast={`HelmRelease ${deletingRelease?.name ?? ''} deleted.`}
        errorTitle="Could not delete the HelmRelease"
      >
        <p style={{ margin: 0 }}>Each cluster it is placed on uninstalls the release.</p>
      </ConfirmDialog>
    </Page>
  );
}
