import type { ReactNode } from 'react';
import type { ManagedByGit } from '../api/managed-by-git';
import { ManagedByGitNotice } from './managed-by-git-notice';

/**
 * An edit form of an object a FleetSync made: shown with every field disabled (a disabled fieldset disables
 * all its controls, Save included) under a notice saying which file to edit instead.
 */
export function ReadOnlyWhenManaged({ managedBy, kind, children }: { managedBy: ManagedByGit | null | undefined; kind: string; children: ReactNode }) {
  if (!managedBy) return <>{children}</>;
  return (
    <>
      <ManagedByGitNotice managedBy={managedBy} kind={kind} />
      <fieldset disabled aria-label={`${kind} (read-only: managed by git)`} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        {children}
      </fieldset>
    </>
  );
}
