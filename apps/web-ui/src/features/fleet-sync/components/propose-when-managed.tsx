import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/alert';
import type { ProposeInGit } from '../../../lib/forms/propose-in-git';
import type { ManagedByGit } from '../api/managed-by-git';
import { ManagedByGitNotice } from './managed-by-git-notice';

/**
 * An edit form of an object a FleetSync made: the form stays editable, in propose mode (its submit proposes the
 * edit in git), under a notice saying so; once proposed, a link to the new proposal replaces it. A hand-made
 * object's form is rendered as it is (`children(undefined)`).
 */
export function ProposeWhenManaged({
  managedBy,
  kind,
  children,
}: {
  managedBy: ManagedByGit | null | undefined;
  kind: string;
  children: (proposeInGit: ProposeInGit | undefined) => ReactNode;
}) {
  const [proposed, setProposed] = useState<string | null>(null);
  if (!managedBy) return <>{children(undefined)}</>;
  if (proposed) {
    return (
      <Alert tone="info" title="Change proposed in git">
        <p>
          The edit is committed to <code>{managedBy.file}</code> on a new branch. It applies once the proposal is approved and merged:{' '}
          <Link to={`/proposals/${proposed}`} data-testid="proposal-link">
            open the proposal
          </Link>
          .
        </p>
      </Alert>
    );
  }
  return (
    <>
      <ManagedByGitNotice managedBy={managedBy} kind={kind} proposing />
      {children({ onProposed: setProposed })}
    </>
  );
}
