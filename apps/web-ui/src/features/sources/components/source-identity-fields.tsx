import { TextField } from '../../../components/text-field';
import styles from '../../../components/form.module.css';

/** A source's name (fixed once created) and URL, the first row of every source form. */
export function SourceIdentityFields({
  name,
  url,
  onChange,
  errors,
  editing,
  urlPlaceholder,
  urlHint,
}: {
  name: string;
  url: string;
  onChange: (patch: { name?: string; url?: string }) => void;
  errors: { name: string | null; url: string | null };
  editing: boolean;
  urlPlaceholder: string;
  urlHint: string;
}) {
  return (
    <div className={styles.grid}>
      <TextField
        label="Name"
        value={name}
        onChange={(e) => onChange({ name: e.target.value })}
        error={errors.name}
        readOnly={editing}
        hint={editing ? 'The name cannot change.' : 'Lowercase letters, digits, "-" and ".".'}
        mono
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        label="URL"
        value={url}
        onChange={(e) => onChange({ url: e.target.value })}
        error={errors.url}
        placeholder={urlPlaceholder}
        hint={urlHint}
        mono
        autoComplete="off"
        spellCheck={false}
      />
    </div>
  );
}
