import { Link, useParams } from 'react-router';
import { Card, Page, PageHeader } from '../../components/layout';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useKustomization } from '../../features/kustomizations/api/get-kustomization';
import { KustomizationPreview } from '../../features/preview/components/kustomization-preview';
import { previewClusters } from '../../features/preview/components/preview-clusters';
import { DetailFallback } from './detail-fallback';
import styles from './cluster-route.module.css';

/** `/kustomizations/:id/preview`: the Kustomization built in the browser for a cluster it is placed on. */
export function KustomizationPreviewRoute() {
  const { kustomizationId = '' } = useParams();
  const k = useKustomization(kustomizationId);
  useDocumentTitle(k.data ? `Preview ${k.data.name}` : 'Preview');
  const back = (
    <Link to={`/kustomizations/${kustomizationId}`} className={styles.back}>
      ← {k.data?.name ?? 'Kustomization'}
    </Link>
  );
  if (k.isPending || k.isError)
    return (
      <DetailFallback
        label="Preview"
        back={back}
        error={k.error}
        notFound="Kustomization not found"
        loadFailed="Could not load the Kustomization"
      />
    );
  const d = k.data;
  return (
    <Page label={`Preview of ${d.name}`}>
      {back}
      <PageHeader
        title={`Preview ${d.name}`}
        subtitle={
          <>
            Built in this browser from the source the hub holds (or a revision you pick), compared with what
            the cluster reported; nothing is asked of the cluster.
          </>
        }
      />
      <Card title="Preview on a cluster">
        <KustomizationPreview
          namespace={d.namespace}
          name={d.name}
          clusters={previewClusters(d)}
          sourceKind={d.sourceRef.kind}
        />
      </Card>
    </Page>
  );
}
