import { useState, type FormEvent } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Card } from '../../../components/layout';
import { RelativeTime } from '../../../components/relative-time';
import { TextareaField } from '../../../components/textarea-field';
import { isApiError } from '../../../lib/api-error';
import { useViewer } from '../../../lib/auth/viewer';
import { showToast } from '../../../lib/toast-store';
import type { Proposal } from '../api/get-proposal';
import { useReviewProposal, type ReviewAction } from '../api/review-proposal';
import { isInFlight } from './in-flight';
import styles from './proposal-page.module.css';

/** Approvals with their comments, and the approve / reject / merge actions (the hub decides who may). */
export function ReviewCard({ proposal }: { proposal: Proposal }) {
  const review = useReviewProposal(proposal.id);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const run = (action: ReviewAction, done: string) =>
    review.mutate(action, {
      onSuccess: () => {
        setComment('');
        setReason('');
        setRejecting(false);
        showToast(done);
      },
    });
  const onApprove = (e: FormEvent) => {
    e.preventDefault();
    run({ kind: 'approve', comment }, 'Approved.');
  };
  const onReject = (e: FormEvent) => {
    e.preventDefault();
    run({ kind: 'reject', reason }, 'Rejected.');
  };
  const reasonError =
    review.isError && isApiError(review.error, 'BAD_USER_INPUT') && review.error.field === 'reason'
      ? review.error.message
      : null;
  const inFlight = isInFlight(proposal.state);
  const username = useViewer().data?.username;
  const ownEdits = proposal.manualEdits.filter((e) => username !== undefined && e.username === username);
  return (
    <Card title={`Approvals (${proposal.approvals.length}/${proposal.requiredApprovals})`}>
      {proposal.approvals.length > 0 && (
        <ul className={styles.approvals} aria-label="Approvals">
          {proposal.approvals.map((a) => (
            <li key={a.username}>
              <strong>{a.username}</strong> approved <RelativeTime value={a.at} />
              {a.comment && <>: “{a.comment}”</>}
            </li>
          ))}
        </ul>
      )}
      {proposal.manualEdits.length > 0 && (
        <p>
          Edited by hand:{' '}
          {proposal.manualEdits.map((e, i) => (
            <span key={e.path}>
              {i > 0 && ', '}
              <code>{e.path}</code> by <strong>{e.username}</strong>
            </span>
          ))}
          . Who edited may not approve.
        </p>
      )}
      {inFlight && ownEdits.length > 0 && (
        <Alert tone="info" title="You cannot approve this proposal">
          You edited it by hand ({ownEdits.map((e) => e.path).join(', ')}): someone else must approve it.
        </Alert>
      )}
      {proposal.state === 'conflicted' && (
        <Alert tone="danger" title="Conflicted: the base branch changed files edited by hand">
          <span data-conflict-files>{proposal.conflictFiles.join(', ')}</span>. Edit them again on the new
          base to resolve; nothing is merged until then.
        </Alert>
      )}
      {proposal.state === 'rejected' && (
        <Alert tone="warning" title={`Rejected by ${proposal.closedBy ?? 'someone'}`}>
          {proposal.rejectedReason}
        </Alert>
      )}
      {inFlight && proposal.state !== 'conflicted' && (
        <form onSubmit={onApprove} aria-label="Approve">
          <TextareaField
            label="Comment (optional)"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            rows={2}
          />
          <div className={styles.actions}>
            <Button
              type="submit"
              variant="primary"
              disabled={ownEdits.length > 0}
              busy={review.isPending && review.variables?.kind === 'approve'}
            >
              Approve
            </Button>
            {proposal.state === 'approved' && (
              <Button
                type="button"
                variant="primary"
                busy={review.isPending && review.variables?.kind === 'merge'}
                onClick={() => run({ kind: 'merge' }, `Merged into ${proposal.baseBranch}.`)}
              >
                Merge into {proposal.baseBranch}
              </Button>
            )}
            {!rejecting && (
              <Button type="button" variant="ghost" onClick={() => setRejecting(true)}>
                Reject…
              </Button>
            )}
          </div>
        </form>
      )}
      {proposal.state === 'conflicted' && !rejecting && (
        <div className={styles.actions}>
          <Button type="button" variant="ghost" onClick={() => setRejecting(true)}>
            Reject…
          </Button>
        </div>
      )}
      {inFlight && rejecting && (
        <form onSubmit={onReject} aria-label="Reject">
          <TextareaField
            label="Reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            required
            error={reasonError}
          />
          <div className={styles.actions}>
            <Button
              type="submit"
              variant="danger"
              busy={review.isPending && review.variables?.kind === 'reject'}
            >
              Reject
            </Button>
            <Button type="button" variant="ghost" onClick={() => setRejecting(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {review.isError && !reasonError && (
        // The hub's own sentence, also for FORBIDDEN: it says which role or team approving needs, or that
        // the approver edited the proposal by hand.
        <Alert tone="danger" title="The hub refused">
          {review.error.message}
        </Alert>
      )}
    </Card>
  );
}
