import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { buttonClassName } from '../../components/button';
import { Card, Page, PageHeader } from '../../components/layout';
import { ReadySummary, SuspendedBadge } from '../../components/status-badges';
import { useCan } from '../../lib/auth/use-can';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useKustomization } from '../../features/kustomizations/api/get-kustomization';
import { sourceHref, useSourceOptions } from '../../features/kustomizations/api/list-source-options';
import { ClusterStatusTable } from '../../features/kustomizations/components/cluster-status-table';
import { DeleteKustomizationDialog } from '../../features/kustomizations/components/delete-kustomization-dialog';
import { KustomizationActions } from '../../features/kustomizations/components/kustomization-actions';
import { KustomizationFacts } from '../../features/kustomizations/components/kustomization-facts';
import { ManagedByGitNotice } from '../../features/fleet-sync/components/managed-by-git-notice';
import { DeleteOrProposeDeletion } from '../../features/fleet-sync/components/propose-deletion';
import { rolloutHref } from '../../features/fleet/api/rollout';
import { DetailFallback } from './detail-fallback';
import styles from './cluster-route.module.css';

export function KustomizationRoute() {
  const { kustomizationId = '' } = useParams();
  const navigate = useNavigate();
  const k = useKustomization(kustomizationId);
  const sources = useSourceOptions();
  useDocumentTitle(k.data?.name ?? 'Kustomization');
  const canWrite = useCan('gitops:write');
  const canDelete = useCan('gitops:delete');
  const [deleting, setDeleting] = useState(false);
  const back = (
    <Link to="/kustomizations" className={styles.back}>
      ← Kustomizations
    </Link>
  );

  if (k.isPending || k.isError)
    return (
      <DetailFallback
        label="Kustomization"
        back={back}
        error={k.error}
        notFound="Kustomization not found"
        loadFailed="Could not load the Kustomization"
      />
    );

  const d = k.data;
  const source = sources.data?.find(
    (s) =>
      s.kind === d.sourceRef.kind &&
      s.name === d.sourceRef.name &&
      s.namespace === (d.sourceRef.namespace ?? d.namespace),
  );
  return (
    <Page label={`Kustomization ${d.name}`}>
      {back}
      <PageHeader
        title={d.name}
        badge={
          <>
            <ReadySummary statuses={d.clusters} />
            {d.suspend && <SuspendedBadge />}
          </>
        }
        subtitle={
          <>
            Kustomization{' '}
            <code>
              {d.namespace}/{d.name}
            </code>
          </>
        }
        actions={
          <>
            <Link
              to={rolloutHref({ kind: 'Kustomization', namespace: d.namespace, name: d.name })}
              className={buttonClassName('secondary')}
            >
              Rollout
            </Link>
            <Link to={`/kustomizations/${d.id}/preview`} className={buttonClassName('secondary')}>
              Preview
            </Link>
            {canWrite && <KustomizationActions k={d} />}
            {canWrite && (
              <Link to={`/kustomizations/${d.id}/edit`} className={buttonClassName('secondary')}>
                {d.managedBy ? 'Propose a change' : 'Edit'}
              </Link>
            )}
            {canDelete && <DeleteOrProposeDeletion kind="Kustomization" id={d.id} name={d.name} managedBy={d.managedBy} onDelete={() => setDeleting(true)} />}
          </>
        }
      />
      {d.managedBy && <ManagedByGitNotice managedBy={d.managedBy} kind="Kustomization" />}
      <Card title="Overview">
        <KustomizationFacts k={d} sourceHref={source ? sourceHref(source) : null} />
      </Card>
      <Card title={`Clusters (${d.clusters.length})`} bodyless>
        <ClusterStatusTable k={d} canReconcile={canWrite} />
      </Card>
      <DeleteKustomizationDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/kustomizations', { replace: true })}
        k={d}
      />
    </Page>
  );
}
