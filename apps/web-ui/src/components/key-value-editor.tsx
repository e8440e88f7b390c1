import { Button } from './button';
import { TextField } from './text-field';
import type { KeyValueRow, RowErrors } from '../lib/kubernetes/label-validation';
import styles from './key-value-editor.module.css';

export interface KeyValueEditorProps {
  legend: string;
  /** Singular noun for accessible names: "label", "variable". */
  noun: string;
  rows: KeyValueRow[];
  errors: RowErrors[];
  onChange: (rows: KeyValueRow[]) => void;
  readOnly?: boolean;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  emptyText?: string;
}

export function KeyValueEditor({
  legend,
  noun,
  rows,
  errors,
  onChange,
  readOnly,
  keyPlaceholder,
  valuePlaceholder,
  emptyText,
}: KeyValueEditorProps) {
  const update = (index: number, patch: Partial<KeyValueRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const remove = (index: number) => onChange(rows.filter((_, i) => i !== index));

  return (
    <fieldset className={styles.editor}>
      <legend className={styles.legend}>{legend}</legend>
      {rows.length === 0 && <p className={styles.empty}>{emptyText ?? `No ${noun}s.`}</p>}
      {rows.map((row, i) => (
        <div className={styles.row} key={i}>
          <TextField
            label={`${capitalize(noun)} ${i + 1} key`}
            hideLabel
            mono
            value={row.key}
            placeholder={keyPlaceholder ?? 'key'}
            readOnly={readOnly}
            error={errors[i]?.key}
            onChange={(e) => update(i, { key: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
          <span className={styles.eq} aria-hidden="true">
            =
          </span>
          <TextField
            label={`${capitalize(noun)} ${i + 1} value`}
            hideLabel
            mono
            value={row.value}
            placeholder={valuePlaceholder ?? 'value'}
            readOnly={readOnly}
            error={errors[i]?.value}
            onChange={(e) => update(i, { value: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
          {!readOnly && (
            <button
              type="button"
              className={styles.remove}
              onClick={() => remove(i)}
              aria-label={`Remove ${noun} ${i + 1}`}
            >
              ×
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <Button
          size="sm"
          variant="ghost"
          className={styles.add}
          onClick={() => onChange([...rows, { key: '', value: '' }])}
        >
          + Add {noun}
        </Button>
      )}
    </fieldset>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
