import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/button';
import { SuspendButton } from '../../flux-objects/components/suspend-button';
import { imageKeys } from '../api/image-keys';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Card, EmptyState } from '../../../components/layout';
import { QueryCardBody } from '../../../components/query-card-body';
import { RelativeTime } from '../../../components/relative-time';
import { ReadyBadge, SuspendedBadge } from '../../../components/status-badges';
import styles from '../../../components/table.module.css';
import { useCan } from '../../../lib/auth/use-can';
import { showToast } from '../../../lib/toast-store';
import { useImageRepositories, type ImageRepository } from '../api/list-image-repositories';
import { useDeleteImageRepository, useScanImageRepository } from '../api/save-image-repository';
import { ImageRepositoryDialog } from './image-repository-dialog';
import { ManagedByGitBadge } from '../../fleet-sync/components/managed-by-git-badge';
import { DeleteOrProposeDeletion } from '../../fleet-sync/components/propose-deletion';

export function ImageRepositoriesSection() {
  const repos = useImageRepositories();
  const canWrite = useCan('images:write');
  const [editing, setEditing] = useState<ImageRepository | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ImageRepository | null>(null);
  const [proposing, setProposing] = useState<ImageRepository | null>(null);
  const navigate = useNavigate();
  const remove = useDeleteImageRepository();
  const scan = useScanImageRepository();
  return (
    <Card
      title="Image repositories"
      bodyless
      actions={canWrite ? <Button onClick={() => setEditing('new')}>Add image repository</Button> : undefined}
    >
      <QueryCardBody
        query={repos}
        errorTitle="Could not load image repositories"
        empty={
          <EmptyState icon="▣" title="No image repositories">
            An ImageRepository scans a registry’s tags so policies can pick the latest image.
          </EmptyState>
        }
      >
        {(items) => (
          <div className={styles.wrap}>
            <table className={styles.table} aria-label="Image repositories">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Image</th>
                  <th>Status</th>
                  <th>Tags</th>
                  <th>Last scan</th>
                  {canWrite && (
                    <th>
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} data-image-repository={r.name}>
                    <td>
                      {r.namespace}/{r.name} {r.suspend && <SuspendedBadge />} <ManagedByGitBadge managedBy={r.managedBy} />
                    </td>
                    <td>
                      <code>{r.image}</code>
                    </td>
                    <td>
                      <ReadyBadge ready={r.ready} message={r.message} />
                    </td>
                    <td>
                      {r.lastScanResult?.tagCount ?? 0}
                      {r.tags.length > 0 && (
                        <details>
                          <summary>Show tags</summary>
                          <code>{r.tags.join(', ')}</code>
                        </details>
                      )}
                    </td>
                    <td>
                      <RelativeTime value={r.lastScanResult?.scanTime ?? null} />
                    </td>
                    {canWrite && (
                      <td>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Scan ${r.name} now`}
                          onClick={() =>
                            scan.mutate(r.id, {
                              onSuccess: () => showToast(`Scan of ${r.name} requested.`),
                              onError: (e) => showToast(e.message, 'error'),
                            })
                          }
                        >
                          Scan now
                        </Button>{' '}
                        <SuspendButton kind="ImageRepository" id={r.id} name={r.name} suspended={r.suspend} invalidate={() => [imageKeys.repositories()]} />
                        {r.managedBy && (
                          <>
                            <Button size="sm" variant="ghost" aria-label={`Propose a change to ${r.name}`} onClick={() => setProposing(r)}>
                              Propose a change
                            </Button>{' '}
                          </>
                        )}
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`${r.managedBy ? 'Credentials of' : 'Edit'} ${r.name}`}
                          onClick={() => setEditing(r)}
                        >
                          {r.managedBy ? 'Credentials' : 'Edit'}
                        </Button>{' '}
                        <DeleteOrProposeDeletion kind="ImageRepository" id={r.id} name={r.name} managedBy={r.managedBy} onDelete={() => setDeleting(r)} size="sm" />
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
        <ImageRepositoryDialog
          repository={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {proposing && (
        <ImageRepositoryDialog
          repository={proposing}
          onClose={() => setProposing(null)}
          proposeInGit={{ onProposed: (id) => navigate(`/proposals/${id}`) }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete image repository ${deleting?.name ?? ''}?`}
        confirmLabel="Delete image repository"
        mutation={remove}
        variables={deleting?.id ?? ''}
        successToast={`Image repository ${deleting?.name ?? ''} deleted.`}
        errorTitle="Could not delete the image repository"
      >
        <p style={{ margin: 0 }}>Its stored tags go with it; policies reading it stop choosing.</p>
      </ConfirmDialog>
    </Card>
  );
}
