import { YamlEditor } from '../../../components/yaml-editor';
import type { ValuesIssue } from './values-check';
import styles from './values-editor.module.css';

/**
 * Helm values as YAML, with the chart's default values.yaml beside it (read-only), and every YAML or schema
 * problem listed under it with its line and path (and marked at that line in the editor).
 */
export function ValuesEditor({
  label,
  value,
  onChange,
  issues,
  defaults,
  error,
  testId,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  issues: readonly ValuesIssue[];
  /** The chart's values.yaml; null while unknown (no chart chosen, or the hub could not read it). */
  defaults: string | null;
  /** A refusal of the hub placed on these values. */
  error?: string | null;
  testId?: string;
}) {
  const problems = issues.map((i) => ({ line: i.line, message: i.path ? `${i.path}: ${i.message}` : i.message }));
  return (
    <div className={styles.wrap} data-testid={testId}>
      <div className={defaults !== null ? styles.sideBySide : undefined}>
        <div>
          <span className={styles.label}>{label}</span>
          <YamlEditor label={label} value={value} onChange={onChange} problems={problems} />
        </div>
        {defaults !== null && (
          <div>
            <span className={styles.label}>Chart defaults (values.yaml)</span>
            <YamlEditor label="Chart defaults (values.yaml), read-only" value={defaults || '# The chart has no values.yaml'} readOnly testId={testId ? `${testId}-defaults` : undefined} />
          </div>
        )}
      </div>
      {(issues.length > 0 || error) && (
        <ul className={styles.issues} aria-label={`Problems in ${label}`} role="list">
          {issues.map((i, n) => (
            <li key={n} data-values-path={i.path} data-line={i.line}>
              Line {i.line}
              {i.path ? (
                <>
                  {' · '}
                  <code>{i.path}</code>
                </>
              ) : null}
              : {i.message}
            </li>
          ))}
          {error && <li data-values-path="">{error}</li>}
        </ul>
      )}
    </div>
  );
}
