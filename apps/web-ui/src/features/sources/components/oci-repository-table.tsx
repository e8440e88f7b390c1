import { Link } from 'react-router';
import { RelativeTime } from '../../../components/relative-time';
import { RevisionText } from '../../../components/revision-text';
import { SourceStatusBadges } from './source-status-badges';
import { describeOciRef, ociSpecOf, type OciRepositorySummary } from '../api/oci-repository-types';
import styles from '../../../components/table.module.css';

/** The columns of `flux get sources oci` and the URL, the ref it pulls by and the object's age. */
export function OciRepositoryTable({ sources }: { sources: readonly OciRepositorySummary[] }) {
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-label="OCI repositories">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className={styles.hideSm}>
              Namespace
            </th>
            <th scope="col">Ready</th>
            <th scope="col">URL</th>
            <th scope="col" className={styles.hideSm}>
              Ref
            </th>
            <th scope="col">Revision</th>
            <th scope="col" className={styles.hideSm}>
              Age
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => {
            return (
              <tr key={s.id} data-source={s.name}>
                <td className={styles.name}>
                  <Link to={`/sources/oci/${s.id}`}>{s.name}</Link>
                </td>
                <td className={[styles.mono, styles.hideSm].join(' ')}>{s.namespace}</td>
                <td className={styles.nowrap}>
                  <SourceStatusBadges source={s} />
                </td>
                <td className={[styles.mono, styles.message].join(' ')}>{s.url}</td>
                <td className={[styles.mono, styles.hideSm, styles.nowrap].join(' ')}>
                  {describeOciRef(ociSpecOf(s.spec))}
                </td>
                <td>
                  <RevisionText revision={s.artifact?.revision} />
                </td>
                <td className={[styles.nowrap, styles.hideSm].join(' ')}>
                  <RelativeTime value={s.createdAt} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
