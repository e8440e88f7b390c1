import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../../components/button';
import { TextField } from '../../../components/text-field';
import { labelSelectorError } from '../../../lib/kubernetes/label-selector';
import styles from './selector-filter.module.css';

/** Label-selector input: checks the syntax as you type and applies on Enter. */
export function SelectorFilter({ value, onApply }: { value: string; onApply: (selector: string) => void }) {
  const [draft, setDraft] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setDraft(value), [value]);
  // "/" jumps to the filter from anywhere on the page, as in GitHub and Grafana.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"], dialog');
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const error = draft.trim() === '' ? null : labelSelectorError(draft);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!error) onApply(draft);
  };

  return (
    <form className={styles.form} role="search" onSubmit={submit}>
      <TextField
        className={styles.input}
        label="Label selector"
        hideLabel
        type="search"
        ref={input}
        aria-keyshortcuts="/"
        mono
        value={draft}
        placeholder="Filter by label selector, e.g. env=prod,tier in (web,api),!legacy"
        onChange={(e) => setDraft(e.target.value)}
        error={error}
        spellCheck={false}
        autoComplete="off"
      />
      <Button type="submit" disabled={Boolean(error)}>
        Filter
      </Button>
      {value !== '' && (
        <Button variant="ghost" onClick={() => onApply('')}>
          Clear
        </Button>
      )}
    </form>
  );
}
