import { Button } from '../../../components/button';
import { TextField } from '../../../components/text-field';
import styles from '../../../components/form.module.css';

/**
 * Credentials the hub already holds, sealed: their kind and "replace / clear", never a value. `clearing`: the
 * user chose to remove them on save.
 */
export function StoredCredentials({
  kindLabel,
  clearing,
  onReplace,
  onClear,
  onUndo,
}: {
  kindLabel: string;
  clearing: boolean;
  onReplace: () => void;
  onClear: () => void;
  onUndo: () => void;
}) {
  return (
    <div className={styles.stored} data-testid="stored-credentials">
      {clearing ? (
        <>
          <span>The stored credentials will be removed when you save.</span>
          <Button size="sm" onClick={onUndo}>
            Undo
          </Button>
        </>
      ) : (
        <>
          <span>
            <strong>Stored</strong> — {kindLabel}, encrypted at the hub. The value is never shown.
          </span>
          <Button size="sm" onClick={onReplace}>
            Replace
          </Button>
          <Button size="sm" variant="dangerOutline" onClick={onClear}>
            Clear
          </Button>
        </>
      )}
    </div>
  );
}

/** Username and password (HTTP basic auth); the password is write-only. */
export function BasicAuthFields({
  username,
  password,
  onChange,
  errors,
  passwordHint,
}: {
  username: string;
  password: string;
  onChange: (patch: { username?: string; password?: string }) => void;
  errors: { username: string | null; password: string | null };
  passwordHint: string;
}) {
  return (
    <div className={styles.grid}>
      <TextField
        label="Username"
        value={username}
        onChange={(e) => onChange({ username: e.target.value })}
        error={errors.username}
        autoComplete="off"
        spellCheck={false}
        mono
      />
      <TextField
        label="Password"
        type="password"
        value={password}
        onChange={(e) => onChange({ password: e.target.value })}
        error={errors.password}
        autoComplete="new-password"
        hint={passwordHint}
      />
    </div>
  );
}
