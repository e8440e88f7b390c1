import { Card } from '../../../components/layout';
import styles from '../../../components/table.module.css';
import type { Proposal } from '../api/get-proposal';
import { imageChangeText } from './image-change-text';

export function ImageChangesCard({ changes }: { changes: Proposal['imageChanges'] }) {
  return (
    <Card title="Image changes" bodyless>
      <div className={styles.wrap}>
        <table className={styles.table} aria-label="Image changes">
          <thead>
            <tr>
              <th>Change</th>
              <th>Policy</th>
              <th>Object</th>
              <th>File</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={`${c.file}|${c.setter}|${c.object ?? ''}|${c.oldValue}`}>
                <td data-image-change>
                  <code>{imageChangeText(c.oldValue, c.newValue)}</code>
                </td>
                <td>{c.policy}</td>
                <td>{c.object ?? '—'}</td>
                <td>{c.file}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
