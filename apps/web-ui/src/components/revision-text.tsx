import { useState } from 'react';
import { copyText } from '../lib/copy-text';
import { shortRevision } from '../lib/flux/revision';
import styles from './revision-text.module.css';

/** A Flux revision shortened to 7 hex digits, with the full string on hover and a copy button. */
export function RevisionText({ revision }: { revision: string | null | undefined }) {
  const [copied, setCopied] = useState(false);
  if (!revision) return <span className={styles.muted}>—</span>;
  return (
    <span className={styles.revision}>
      <code title={revision}>{shortRevision(revision)}</code>
      <button
        type="button"
        className={styles.copy}
        aria-label={`Copy revision ${revision}`}
        title="Copy the full revision"
        onClick={() =>
          copyText(revision).then(
            () => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            },
            () => setCopied(false),
          )
        }
      >
        {copied ? '✓' : '⧉'}
      </button>
    </span>
  );
}
