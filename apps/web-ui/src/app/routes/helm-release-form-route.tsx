import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/alert';
import { Card, Page, PageHeader, SkeletonRows } from '../../components/layout';
import { useHubHelm } from '../../features/helm/api/list-hub-helm';
import { HelmReleaseForm } from '../../features/helm/components/helm-release-form';
import { ProposeWhenManaged } from '../../features/fleet-sync/components/propose-when-managed';
import { showToast } from '../../lib/toast-store';
import { useDocumentTitle } from '../../lib/use-document-title';
import styles from './cluster-route.module.css';

/** /helm/releases/new and /helm/releases/:releaseId/edit. */
export function HelmReleaseFormRoute() {
  const { releaseId } = useParams();
  const navigate = useNavigate();
  const helm = useHubHelm();
  const existing = releaseId ? helm.data?.helmReleases.find((r) => r.id === releaseId) : undefined;
  const title = releaseId ? `Edit ${existing?.name ?? 'HelmRelease'}` : 'Add HelmRelease';
  useDocumentTitle(title);
  const done = () => navigate('/helm');
  return (
    <Page label={title}>
      <Link to="/helm" className={styles.back}>
        ← Helm
      </Link>
      <PageHeader title={title} subtitle="A Flux HelmRelease the hub places on clusters by labels, with per-cluster values." />
      {helm.isPending ? (
        <Card>
          <SkeletonRows />
        </Card>
      ) : helm.isError ? (
        <ErrorAlert error={helm.error} title="Could not load Helm repositories and releases" />
      ) : releaseId && !existing ? (
        <ErrorAlert error={new Error('No such HelmRelease, or it is not placed on a cluster you may see.')} title="HelmRelease not found" />
      ) : (
        <ProposeWhenManaged managedBy={existing?.managedBy} kind="HelmRelease">
          {(proposeInGit) => (
            <HelmReleaseForm
              key={existing?.id ?? 'new'}
              existing={existing}
              repositories={helm.data.helmRepositories}
              onSaved={() => {
                showToast(existing ? 'HelmRelease saved.' : 'HelmRelease created; the hub resolves its chart now.');
                done();
              }}
              onCancel={done}
              proposeInGit={proposeInGit}
            />
          )}
        </ProposeWhenManaged>
      )}
    </Page>
  );
}
