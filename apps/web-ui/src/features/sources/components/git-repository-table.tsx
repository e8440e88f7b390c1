import { Link } from 'react-router';
import { RelativeTime } from '../../../components/relative-time';
import { RevisionText } from '../../../components/revision-text';
import { SourceStatusBadges } from './source-status-badges';
import { describeRef, type GitRepositorySummary } from '../api/source-types';
import styles from '../../../components/table.module.css';

export function GitRepositoryTable({ sources }: { sources: readonly GitRepositorySummary[] }) {
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="Git repositories">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Ready</th>
            <th scope="col">URL</th>
            <th scope="col" className={styles.hideSm}>
              Ref
            </th>
            <th scope="col">Revision</th>
            <th scope="col" className={styles.hideSm}>
              Last fetched
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => {
            return (
              <tr key={s.id} data-source={s.name}>
                <td className={styles.name}>
                  <Link to={`/sources/${s.id}`}>{s.name}</Link>
                </td>
                <td className={styles.nowrap}>
                  <SourceStatusBadges source={s} />
                </td>
                <td className={[styles.mono, styles.message].join(' ')}>{s.url}</td>
                <td className={[styles.mono, styles.hideSm, styles.nowrap].join(' ')}>
                  {describeRef(s.ref)}
                </td>
                <td>
                  <RevisionText revision={s.artifact?.revision} />
                </td>
                <td className={[styles.nowrap, styles.hideSm].join(' ')}>
                  <RelativeTime value={s.artifact?.lastUpdateTime ?? null} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
