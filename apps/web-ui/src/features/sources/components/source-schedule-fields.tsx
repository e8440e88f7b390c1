import { CheckboxField } from '../../../components/checkbox-field';
import { Card } from '../../../components/layout';
import { TextareaField } from '../../../components/textarea-field';
import { TextField } from '../../../components/text-field';
import styles from '../../../components/form.module.css';

/** interval, timeout and suspend, which every source has with the same meaning; `verb` says what the hub does. */
export function SourceScheduleCard({
  interval,
  timeout,
  suspend,
  onChange,
  errors,
  verb,
  intervalExamples,
}: {
  interval: string;
  timeout: string;
  suspend: boolean;
  onChange: (patch: { interval?: string; timeout?: string; suspend?: boolean }) => void;
  errors: { interval: string | null; timeout: string | null };
  verb: { does: string; noun: string; passive: string };
  intervalExamples: string;
}) {
  return (
    <Card title="Schedule">
      <div className={styles.grid}>
        <TextField
          label="Interval"
          value={interval}
          onChange={(e) => onChange({ interval: e.target.value })}
          error={errors.interval}
          hint={`How often the hub ${verb.does}, e.g. ${intervalExamples} (jittered).`}
          mono
        />
        <TextField
          label="Timeout"
          value={timeout}
          onChange={(e) => onChange({ timeout: e.target.value })}
          error={errors.timeout}
          hint={`Per ${verb.noun}; default 60s.`}
          mono
        />
      </div>
      <CheckboxField
        label="Suspended"
        hint={`A suspended source keeps its last artifact and is not ${verb.passive}.`}
        checked={suspend}
        onChange={(s) => onChange({ suspend: s })}
      />
    </Card>
  );
}

/** Flux's `ignore`: .gitignore patterns of files left out of the artifact. */
export function SourceIgnoreCard({
  value,
  onChange,
  error,
  hint,
}: {
  value: string;
  onChange: (ignore: string) => void;
  error: string | null;
  hint: string;
}) {
  return (
    <Card title="Ignore">
      <TextareaField
        label="Ignore patterns"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        placeholder={'# .gitignore syntax\n/docs/\n*.md'}
        hint={hint}
        rows={4}
      />
    </Card>
  );
}
