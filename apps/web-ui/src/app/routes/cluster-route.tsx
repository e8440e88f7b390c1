import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card, Page, PageHeader } from '../../components/layout';
import { RelativeTime } from '../../components/relative-time';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useCan } from '../../lib/auth/use-can';
import { useCluster } from '../../features/clusters/api/get-cluster';
import { ClusterFacts } from '../../features/clusters/components/cluster-facts';
import { ClusterGitOpsCards } from '../../features/clusters/components/cluster-gitops-cards';
import { ClusterMetadataForm } from '../../features/clusters/components/cluster-metadata-form';
import { ConnectionBadge } from '../../features/clusters/components/connection-badge';
import { DeleteClusterDialog } from '../../features/clusters/components/delete-cluster-dialog';
import { NewTokenDialog } from '../../features/clusters/components/new-token-dialog';
import { RevokeCredentialDialog } from '../../features/clusters/components/revoke-credential-dialog';
import { FluxObjectsPanel } from '../../features/flux-objects/components/flux-objects-panel';
import { DetailFallback } from './detail-fallback';
import styles from './cluster-route.module.css';

type OpenDialog = 'revoke' | 'delete' | 'token' | null;
type Tab = 'overview' | 'flux-objects';
const TABS: { id: Tab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'flux-objects', label: 'Flux objects' },
];

export function ClusterRoute() {
  const { clusterId = '' } = useParams();
  const navigate = useNavigate();
  const cluster = useCluster(clusterId);
  useDocumentTitle(cluster.data?.name ?? 'Cluster');
  const canUpdate = useCan('cluster:update');
  const canRevoke = useCan('cluster:revoke');
  const canRegister = useCan('cluster:register');
  const canDelete = useCan('cluster:delete');
  const [dialog, setDialog] = useState<OpenDialog>(null);
  // The tab lives in the URL with the Flux objects' filters, so a filtered view of one cluster can be shared.
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'flux-objects' ? 'flux-objects' : 'overview';
  const selectTab = (next: Tab) =>
    setParams(next === 'overview' ? new URLSearchParams() : new URLSearchParams({ tab: next }));

  const back = (
    <Link to="/" className={styles.back}>
      ← Fleet
    </Link>
  );

  if (cluster.isPending || cluster.isError)
    return (
      <DetailFallback
        label="Cluster"
        back={back}
        error={cluster.error}
        notFound="Cluster not found"
        loadFailed="Could not load the cluster"
      />
    );

  const c = cluster.data;
  const revoked = c.connectionState === 'REVOKED';
  return (
    <Page label={`Cluster ${c.name}`}>
      {back}
      <PageHeader
        title={c.name}
        badge={<ConnectionBadge state={c.connectionState} />}
        subtitle={
          <>
            Cluster ID <code className={styles.id}>{c.id}</code>
          </>
        }
      />
      {revoked && (
        <Alert tone="warning" title="The agent credential is revoked">
          The hub refuses this cluster's agent. Issue a new registration token to connect it again.
        </Alert>
      )}
      {c.connectionState === 'DISCONNECTED' && (
        <Alert tone="warning" title="The agent is not connected">
          No heartbeat since <RelativeTime value={c.lastSeenAt} />. Check that the agent process or Deployment
          is running and can reach the hub; it reconnects by itself with its stored credential.
        </Alert>
      )}
      {c.connectionState === 'PENDING' && (
        <Alert tone="info" title="Waiting for the agent">
          Start the agent with the registration token you were given. Lost it? Create a new one below.
        </Alert>
      )}
      <div
        role="tablist"
        aria-label="Cluster views"
        className={styles.tabs}
        onKeyDown={(e) => {
          // The tabs pattern: arrows move between tabs (the selected one alone is in the tab order).
          if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
          const i = TABS.findIndex((t) => t.id === tab);
          const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
          selectTab(next.id);
          document.getElementById(`tab-${next.id}`)?.focus();
        }}
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            tabIndex={tab === t.id ? 0 : -1}
            aria-controls={`panel-${t.id}`}
            className={styles.tab}
            onClick={() => selectTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'flux-objects' ? (
        <section
          role="tabpanel"
          id="panel-flux-objects"
          aria-labelledby="tab-flux-objects"
          className={styles.tabPanel}
        >
          <FluxObjectsPanel clusterId={c.id} />
        </section>
      ) : (
        <div className={styles.columns} role="tabpanel" id="panel-overview" aria-labelledby="tab-overview">
          <div className={styles.mainColumn}>
            <Card title="Overview">
              <ClusterFacts cluster={c} />
            </Card>
            <ClusterGitOpsCards clusterId={c.id} />
            <ClusterMetadataForm key={c.id} cluster={c} readOnly={!canUpdate} />
          </div>
          {(canRegister || canRevoke || canDelete) && (
            <aside className={styles.sideColumn} aria-label="Agent access">
              <Card title="Agent access">
                <div className={styles.actionRows}>
                  {canRegister && (
                    <div className={styles.actionRow}>
                      <div>
                        <h3 className={styles.actionTitle}>New registration token</h3>
                        <p className={styles.actionText}>
                          For a reinstalled agent, a lost token or after revoking the credential.
                        </p>
                      </div>
                      <Button onClick={() => setDialog('token')}>New token</Button>
                    </div>
                  )}
                  {canRevoke && (
                    <div className={styles.actionRow}>
                      <div>
                        <h3 className={styles.actionTitle}>Revoke credential</h3>
                        <p className={styles.actionText}>
                          Disconnects the agent at once and refuses it from now on.
                        </p>
                      </div>
                      <Button variant="dangerOutline" onClick={() => setDialog('revoke')} disabled={revoked}>
                        {revoked ? 'Revoked' : 'Revoke credential'}
                      </Button>
                    </div>
                  )}
                  {canDelete && (
                    <div className={styles.actionRow}>
                      <div>
                        <h3 className={styles.actionTitle}>Delete cluster</h3>
                        <p className={styles.actionText}>Removes the cluster from Flotilla. Admins only.</p>
                      </div>
                      <Button variant="dangerOutline" onClick={() => setDialog('delete')}>
                        Delete cluster
                      </Button>
                    </div>
                  )}
                </div>
              </Card>
            </aside>
          )}
        </div>
      )}
      <RevokeCredentialDialog open={dialog === 'revoke'} onClose={() => setDialog(null)} cluster={c} />
      <NewTokenDialog open={dialog === 'token'} onClose={() => setDialog(null)} cluster={c} />
      <DeleteClusterDialog
        open={dialog === 'delete'}
        onClose={() => setDialog(null)}
        onDeleted={() => navigate('/', { replace: true })}
        cluster={c}
      />
    </Page>
  );
}
