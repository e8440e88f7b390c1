import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Card, EmptyState } from '../../../components/layout';
import { QueryCardBody } from '../../../components/query-card-body';
import { ReadyBadge, SuspendedBadge } from '../../../components/status-badges';
import styles from '../../../components/table.module.css';
import { useCan } from '../../../lib/auth/use-can';
import { useImagePolicies, type ImagePolicy } from '../api/list-image-policies';
import { useDeleteImagePolicy } from '../api/save-image-policy';
import { ImagePolicyDialog } from './image-policy-dialog';
import { policyText } from './policy-text';
import { ManagedByGitBadge } from '../../fleet-sync/components/managed-by-git-badge';
import { DeleteOrProposeDeletion } from '../../fleet-sync/components/propose-deletion';
import { EditOrProposeButton } from '../../fleet-sync/components/edit-or-propose-button';

export function ImagePoliciesSection() {
  const policies = useImagePolicies();
  const canWrite = useCan('images:write');
  const [editing, setEditing] = useState<ImagePolicy | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ImagePolicy | null>(null);
  const navigate = useNavigate();
  const remove = useDeleteImagePolicy();
  return (
    <Card
      title="Image policies"
      bodyless
      actions={canWrite ? <Button onClick={() => setEditing('new')}>Add image policy</Button> : undefined}
    >
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
                  {canWrite && (
                    <th>
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id} data-image-policy={p.name}>
                    <td>
                      {p.namespace}/{p.name} {p.suspend && <SuspendedBadge />} <ManagedByGitBadge managedBy={p.managedBy} />
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
                    {canWrite && (
                      <td>
                        <EditOrProposeButton name={p.name} managedBy={p.managedBy} onClick={() => setEditing(p)} />{' '}
                        <DeleteOrProposeDeletion kind="ImagePolicy" id={p.id} name={p.name} managedBy={p.managedBy} onDelete={() => setDeleting(p)} size="sm" />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryCardBody>
      {editing && (
        <ImagePolicyDialog
          policy={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          proposeInGit={{ onProposed: (id) => navigate(`/proposals/${id}`) }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete image policy ${deleting?.name ?? ''}?`}
        confirmLabel="Delete image policy"
        mutation={remove}
        variables={deleting?.id ?? ''}
        successToast={`Image policy ${deleting?.name ?? ''} deleted.`}
        errorTitle="Could not delete the image policy"
      >
        <p style={{ margin: 0 }}>
          Setter markers naming it are left as they are; automations stop updating them.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
