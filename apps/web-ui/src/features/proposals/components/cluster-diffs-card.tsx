import { Alert } from '../../../components/alert';
import { Card } from '../../../components/layout';
import type { Proposal } from '../api/get-proposal';
import { DiffViewer, type DiffLayout } from '../../../components/diff-viewer';
import styles from './proposal-page.module.css';

/** What the change does on each targeted cluster: objects added, changed field by field, and removed. */
export function ClusterDiffsCard({
  diffs,
  layout,
  empty = 'No Kustomization or HelmRelease reading this source targets a cluster.',
}: {
  diffs: Proposal['clusterDiffs'];
  layout: DiffLayout;
  /** What an empty list means for this proposal. */
  empty?: string;
}) {
  return (
    <Card title={`Per cluster (${diffs.length})`}>
      {diffs.length === 0 && <p className={styles.muted}>{empty}</p>}
      {diffs.map((d) => (
        <section
          key={`${d.kustomization ?? ''}|${d.helmRelease ?? ''}|${d.cluster}`}
          className={styles.diffBlock}
          aria-label={`Cluster ${d.cluster}`}
          data-cluster-diff={d.cluster}
        >
          <h3 className={styles.diffTitle}>
            {d.cluster}{' '}
            <span className={styles.muted}>
              · {d.helmRelease ? `HelmRelease ${d.helmRelease}` : `Kustomization ${d.kustomization ?? ''}`}
            </span>
          </h3>
          {d.error && (
            <Alert tone="danger" title="The head revision does not render for this cluster">
              {d.error}
            </Alert>
          )}
          {d.note && (
            <Alert tone="warning" title="Note for this cluster">
              {d.note}
            </Alert>
          )}
          {d.hiddenVariables.length > 0 && (
            <p className={styles.muted} data-hidden-variables>
              Secret values are not shown; placeholders stand for {d.hiddenVariables.map((v) => `\${${v}}`).join(', ')}.
            </p>
          )}
          {!d.error && d.added.length + d.changed.length + d.removed.length === 0 && (
            <p className={styles.muted}>No object changes on this cluster.</p>
          )}
          <ul className={styles.objectList}>
            {d.added.map((o) => (
              <li key={`+${o}`}>
                <strong>added</strong> {o}
              </li>
            ))}
            {d.removed.map((o) => (
              <li key={`-${o}`}>
                <strong>removed</strong> {o}
              </li>
            ))}
          </ul>
          {d.changed.map((c) => (
            <div key={c.object} className={styles.objectChange} data-object-change={c.object}>
              <p className={styles.objectTitle}>
                <strong>changed</strong> {c.object} at{' '}
                {c.fields.map((f, i) => (
                  <span key={f}>
                    {i > 0 && ', '}
                    <code data-field>{f}</code>
                  </span>
                ))}
              </p>
              {c.before !== null && c.after !== null && (
                <DiffViewer
                  before={c.before}
                  after={c.after}
                  layout={layout}
                  label={`${c.object} on ${d.cluster}`}
                />
              )}
            </div>
          ))}
        </section>
      ))}
    </Card>
  );
}
