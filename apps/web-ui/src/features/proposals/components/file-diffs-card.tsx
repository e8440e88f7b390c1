import { Card } from '../../../components/layout';
import type { Proposal } from '../api/get-proposal';
import { DiffViewer, type DiffLayout } from '../../../components/diff-viewer';
import styles from './proposal-page.module.css';

export function FileDiffsCard({ files, layout }: { files: Proposal['files']; layout: DiffLayout }) {
  return (
    <Card title={`Files changed (${files.length})`}>
      {files.map((f) => (
        <section key={f.path} className={styles.diffBlock} aria-label={`File ${f.path}`}>
          <h3 className={styles.diffTitle}>{f.path}</h3>
          {f.before !== null && f.after !== null ? (
            <DiffViewer before={f.before} after={f.after} layout={layout} label={`Diff of ${f.path}`} />
          ) : (
            <pre className={styles.patch}>{f.diff}</pre>
          )}
        </section>
      ))}
    </Card>
  );
}
