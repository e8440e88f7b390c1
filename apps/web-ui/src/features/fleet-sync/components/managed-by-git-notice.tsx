import { Link } from 'react-router';
import { Alert } from '../../../components/alert';
import { RevisionText } from '../../../components/revision-text';
import type { ManagedByGit } from '../api/managed-by-git';
import { fleetSyncAnchor } from './fleet-sync-anchor';
import styles from './managed-by-git-notice.module.css';

const browsable = (url: string | null): url is string => url !== null && /^https?:\/\//.test(url);

/**
 * An object a FleetSync made from git is edited in git: the hub refuses hand edits (the next revision would
 * undo them). Says where the object is declared; on an edit form in propose mode (`proposing`), that the edit
 * is proposed as a commit to that file rather than applied.
 */
export function ManagedByGitNotice({ managedBy, kind, proposing = false }: { managedBy: ManagedByGit; kind: string; proposing?: boolean }) {
  return (
    <Alert tone="info" title="Managed by git">
      <p>
        This {kind} is declared in{' '}
        {browsable(managedBy.url) ? (
          <a className={styles.link} href={managedBy.url} target="_blank" rel="noreferrer">
            {managedBy.url}
          </a>
        ) : (
          <code>{managedBy.url ?? `${managedBy.sourceNamespace}/${managedBy.sourceName}`}</code>
        )}
        , file <code data-testid="managed-file">{managedBy.file}</code>, revision <RevisionText revision={managedBy.revision} />, and applied by FleetSync{' '}
        <Link className={styles.link} to={`/fleet-syncs#${fleetSyncAnchor(managedBy.fleetSyncId)}`}>
          <code>
            {managedBy.fleetSyncNamespace}/{managedBy.fleetSyncName}
          </code>
        </Link>
        .{' '}
        {proposing
          ? 'A change made here is not applied: it is proposed in git, as a commit to that file on a new branch, and applies once the proposal is approved and merged.'
          : 'Edit it there: the hub does not accept hand edits of it.'}
      </p>
    </Alert>
  );
}
