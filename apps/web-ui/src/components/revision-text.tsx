import { shortRevision } from '@flotilla/reconcile-core/revision';
import { useState } from 'react';
import { copyText } from '../lib/copy-text';
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
        {copied ? (
          <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" />
          </svg>
        ) : (
          <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
            <rect
              x="5"
              y="5"
              width="9"
              height="9"
              rx="1.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
            />
            <path
              d="M11 3.5V3a1.5 1.5 0 0 0-1.5-1.5h-6A1.5 1.5 0 0 0 2 3v6.5A1.5 1.5 0 0 0 3.5 11H4"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
            />
          </svg>
        )}
      </button>
    </span>
  );
}
