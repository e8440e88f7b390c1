import { Alert } from '../../../components/alert';
import { RevisionText } from '../../../components/revision-text';
import type { ManagedByGit } from '../api/managed-by-git';
import styles from './managed-by-git-notice.module.css';

const browsable = (url: string | null): url is string => url !== null && /^https?:\/\//.test(url);

/**
 * An object a FleetSync made from git is edited in git: the hub refuses hand edits (the next revision would
 * undo them). Says where the object is declared.
 */
export function ManagedByGitNotice({ managedBy, kind }: { managedBy: ManagedByGit; kind: string }) {
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
        <code>
          {managedBy.fleetSyncNamespace}/{managedBy.fleetSyncName}
        </code>
        . Edit it there: the hub does not accept hand edits of it.
      </p>
    </Alert>
  );
}
