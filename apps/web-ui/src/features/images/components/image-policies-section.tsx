import { Card, EmptyState } from '../../../components/layout';
import { QueryCardBody } from '../../../components/query-card-body';
import { ReadyBadge, SuspendedBadge } from '../../../components/status-badges';
import styles from '../../../components/table.module.css';
import { useImagePolicies } from '../api/list-image-policies';
import { policyText } from './policy-text';

export function ImagePoliciesSection() {
  const policies = useImagePolicies();
  return (
    <Card title="Image policies" bodyless>
      <QueryCardBody
        query={policies}
        errorTitle="Could not load image policies"
        empty={
          <EmptyState icon="⚖" title="No image policies">
            An ImagePolicy picks the latest tag of an image repository by semver range or order.
          </EmptyState>
        }
      >
        {(items) => (
          <div className={styles.wrap}>
            <table className={styles.table} aria-label="Image policies">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Repository</th>
                  <th>Policy</th>
                  <th>Status</th>
                  <th>Latest image</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id} data-image-policy={p.name}>
                    <td>
                      {p.namespace}/{p.name} {p.suspend && <SuspendedBadge />}
                      {p.labels.length > 0 && (
                        <div>
                          <code>{p.labels.map((l) => `${l.key}=${l.value}`).join(',')}</code>
                        </div>
                      )}
                    </td>
                    <td>{p.imageRepository}</td>
                    <td>
                      <code>{policyText(p.policy)}</code>
                    </td>
                    <td>
                      <ReadyBadge ready={p.ready} message={p.message} />
                    </td>
                    <td>
                      {p.latestRef ? (
                        <code data-latest-ref>
                          {p.latestRef.name}:{p.latestRef.tag}
                        </code>
                      ) : (
                        '—'
                      )}
                      {p.observedPreviousRef && p.observedPreviousRef.tag !== p.latestRef?.tag && (
                        <> (was {p.observedPreviousRef.tag})</>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryCardBody>
    </Card>
  );
}
