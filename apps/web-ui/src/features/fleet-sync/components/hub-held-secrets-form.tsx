import type { FormEvent, ReactNode } from 'react';
import { Alert, ErrorAlert } from '../../../components/alert';
import { Button } from '../../../components/button';
import styles from '../../../components/form.module.css';

/**
 * The one part of a git-managed object's page that stays editable: what the hub holds instead of the Secrets
 * its Flux YAML names (credentials, TLS material, keys). Each kind brings its fields; this shell gives them
 * the same Save (off until something changed), refusal and saved notice.
 */
export function HubHeldSecretsForm({
  label,
  changed,
  busy,
  error,
  saved,
  savedText,
  onSubmit,
  children,
}: {
  label: string;
  changed: boolean;
  busy: boolean;
  error: unknown;
  saved: boolean;
  savedText: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label} className={styles.form}>
      {children}
      {error !== null && error !== undefined && <ErrorAlert error={error} title="Could not save the credentials" />}
      {saved && !changed && (
        <Alert tone="info" title="Credentials saved">
          {savedText}
        </Alert>
      )}
      <div className={styles.footer}>
        <Button variant="primary" type="submit" busy={busy} disabled={!changed}>
          Save credentials
        </Button>
      </div>
    </form>
  );
}
