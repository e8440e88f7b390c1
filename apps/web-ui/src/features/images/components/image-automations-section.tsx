import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge } from '../../../components/badge';
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
import { useImageUpdateAutomations, type ImageUpdateAutomation } from '../api/list-image-automations';
import { useDeleteImageAutomation } from '../api/save-image-automation';
import { ImageAutomationDialog } from './image-automation-dialog';
import { forgeName } from '../../../lib/forms/forge-provider';
import { ManagedByGitBadge } from '../../fleet-sync/components/managed-by-git-badge';
import { DeleteOrProposeDeletion } from '../../fleet-sync/components/propose-deletion';
import { EditOrProposeButton } from '../../fleet-sync/components/edit-or-propose-button';

export function ImageAutomationsSection() {
  const automations = useImageUpdateAutomations();
  const canWrite = useCan('images:write');
  const [editing, setEditing] = useState<ImageUpdateAutomation | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ImageUpdateAutomation | null>(null);
  const navigate = useNavigate();
  const remove = useDeleteImageAutomation();
  return (
    <Card
      title="Image update automations"
      bodyless
      actions={canWrite ? <Button onClick={() => setEditing('new')}>Add automation</Button> : undefined}
    >
      <QueryCardBody
        query={automations}
        errorTitle="Could not load automations"
        empty={
          <EmptyState icon="↻" title="No automations">
            An ImageUpdateAutomation writes the policies’ latest images into a Git repository, as a proposal
            to approve or straight to a branch.
          </EmptyState>
        }
      >
        {(items) => (
          <div className={styles.wrap}>
            <table className={styles.table} aria-label="Image update automations">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Source and path</th>
                  <th>Mode</th>
                  <th>Status</th>
                  <th>Last run</th>
                  {canWrite && (
                    <th>
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} data-image-automation={a.name}>
                    <td>
                      {a.namespace}/{a.name} {a.suspend && <SuspendedBadge />} <ManagedByGitBadge managedBy={a.managedBy} />
                    </td>
                    <td>
                      {a.source} <code>{a.updatePath}</code>
                      {a.policySelector && (
                        <>
                          {' '}
                          policies <code>{a.policySelector}</code>
                        </>
                      )}
                    </td>
                    <td>
                      {a.mode === 'proposal' ? (
                        <Badge tone="neutral">
                          proposal · {a.requiredApprovals} approval{a.requiredApprovals === 1 ? '' : 's'}
                          {a.approverTeam ? ` · team ${a.approverTeam}` : ''}
                          {a.mergeStrategy === 'merge-commit' ? ' · merge commit' : ' · fast-forward'}
                          {a.autoMergeAfter &&
                            ` · auto-merge after ${a.autoMergeAfter}${a.autoMergeRequiresApproval ? ' once approved' : ''}`}
                        </Badge>
                      ) : (
                        <Badge tone="warning">
                          push to {a.pushBranch ?? a.checkoutBranch ?? 'the branch'}
                        </Badge>
                      )}
                      {a.mode === 'proposal' && a.provider !== 'native' && (
                        <div data-provider={a.provider}>
                          pull requests at {forgeName(a.provider)}
                          {a.providerRepository ? (
                            <>
                              {' '}
                              <code>{a.providerRepository}</code>
                            </>
                          ) : (
                            ' (repository from the GitRepository URL)'
                          )}
                          {a.providerApiUrl && (
                            <>
                              {' '}
                              via <code>{a.providerApiUrl}</code>
                            </>
                          )}
                          {!a.providerTokenSet && <Badge tone="danger">no token</Badge>}
                        </div>
                      )}
                    </td>
                    <td>
                      <ReadyBadge ready={a.ready} message={a.message} />
                      {a.warnings.length > 0 && (
                        <ul aria-label="Warnings of the last run">
                          {a.warnings.map((w) => (
                            <li key={w}>{w}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      <RelativeTime value={a.lastAutomationRunTime} />
                    </td>
                    {canWrite && (
                      <td>
                        <SuspendButton kind="ImageUpdateAutomation" id={a.id} name={a.name} suspended={a.suspend} invalidate={() => [imageKeys.automations()]} />
                        <EditOrProposeButton name={a.name} managedBy={a.managedBy} onClick={() => setEditing(a)} />{' '}
                        <DeleteOrProposeDeletion kind="ImageUpdateAutomation" id={a.id} name={a.name} managedBy={a.managedBy} onDelete={() => setDeleting(a)} size="sm" />
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
        <ImageAutomationDialog
          automation={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          proposeInGit={{ onProposed: (id) => navigate(`/proposals/${id}`) }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete automation ${deleting?.name ?? ''}?`}
        confirmLabel="Delete automation"
        mutation={remove}
        variables={deleting?.id ?? ''}
        successToast={`Automation ${deleting?.name ?? ''} deleted.`}
        errorTitle="Could not delete the automation"
      >
        <p style={{ margin: 0 }}>Nothing more is written to its Git repository.</p>
      </ConfirmDialog>
    </Card>
  );
}
