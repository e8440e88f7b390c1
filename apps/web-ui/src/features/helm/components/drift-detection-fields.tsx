import { Button } from '../../../components/button';
import { Card } from '../../../components/layout';
import { SelectField } from '../../../components/select-field';
import { TextareaField } from '../../../components/textarea-field';
import { emptyIgnoreRule, type DriftMode, type IgnoreRuleRow } from './drift-detection-model';
import { TargetFields } from './target-fields';
import styles from '../../../components/form.module.css';

/** `spec.driftDetection`: whether the agent compares the release’s objects with the cluster, and what it leaves alone. */
export function DriftDetectionFields({
  mode,
  rules,
  onChange,
  error,
}: {
  mode: DriftMode;
  rules: IgnoreRuleRow[];
  onChange: (p: { driftMode?: DriftMode; driftIgnore?: IgnoreRuleRow[] }) => void;
  error: (field: string) => string | null | undefined;
}) {
  const set = (i: number, p: Partial<IgnoreRuleRow>) => onChange({ driftIgnore: rules.map((r, n) => (n === i ? { ...r, ...p } : r)) });
  return (
    <Card
      title="Drift detection"
      actions={
        <Button size="sm" onClick={() => onChange({ driftIgnore: [...rules, emptyIgnoreRule()] })}>
          Add ignore rule
        </Button>
      }
    >
      <SelectField
        label="Drift detection mode"
        hint="warn: report objects changed in the cluster in an event; enabled: also put them back as the release says."
        value={mode}
        onChange={(e) => onChange({ driftMode: e.target.value as DriftMode })}
        error={error('driftMode')}
      >
        <option value="">Default (disabled)</option>
        <option value="disabled">disabled</option>
        <option value="warn">warn</option>
        <option value="enabled">enabled</option>
      </SelectField>
      {rules.map((r, i) => (
        <fieldset key={i} className={styles.fieldset} aria-label={`Ignore rule ${i + 1}`}>
          <legend className={styles.legend}>Ignore rule {i + 1}: fields left out of drift detection</legend>
          <TextareaField label={`Ignore rule ${i + 1} paths`} hint="JSON pointers, one per line, e.g. /spec/replicas." value={r.paths} onChange={(e) => set(i, { paths: e.target.value })} error={error(`driftIgnore.${i}.paths`)} rows={2} />
          <TargetFields prefix={`Ignore rule ${i + 1}`} value={r.target} onChange={(target) => set(i, { target })} error={(k) => error(`driftIgnore.${i}.${k}`)} />
          <Button size="sm" variant="dangerOutline" onClick={() => onChange({ driftIgnore: rules.filter((_, n) => n !== i) })}>
            Remove ignore rule {i + 1}
          </Button>
        </fieldset>
      ))}
    </Card>
  );
}
