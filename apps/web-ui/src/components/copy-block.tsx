import { useEffect, useState, type ReactNode } from 'react';
import { copyText } from '../lib/copy-text';
import { Button } from './button';
import styles from './copy-block.module.css';

export interface CopyBlockProps {
  label: string;
  text: string;
  /** Long content (YAML) scrolls instead of wrapping. */
  tall?: boolean;
  extraActions?: ReactNode;
  testId?: string;
}

export function CopyBlock({ label, text, tall, extraActions, testId }: CopyBlockProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);

  return (
    <div className={styles.block}>
      <div className={styles.head}>
        <span className={styles.label}>{label}</span>
        <span className={styles.actions}>
          {extraActions}
          <Button
            size="sm"
            onClick={() =>
              copyText(text).then(
                () => setState('copied'),
                () => setState('failed'),
              )
            }
            aria-label={`Copy ${label.toLowerCase()}`}
          >
            {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : 'Copy'}
          </Button>
        </span>
      </div>
      <pre
        className={[styles.pre, tall ? styles.tall : ''].join(' ')}
        tabIndex={0}
        data-testid={testId}
        aria-label={label}
      >
        {text}
      </pre>
      <span role="status" className="visually-hidden">
        {state === 'copied' ? `${label} copied to the clipboard` : ''}
      </span>
    </div>
  );
}
