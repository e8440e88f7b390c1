import { useState, type FormEvent } from 'react';
import { Alert, ErrorAlert } from '../../../components/alert';
import { Button, buttonClassName } from '../../../components/button';
import { TextField } from '../../../components/text-field';
import { isApiError } from '../../../lib/api-error';
import { useLogin } from '../../../lib/auth/login';
import { useOidcStatus } from '../../../lib/auth/oidc-status';
import styles from './login-form.module.css';

/** Why a sign-in through the identity provider came back to this page (`?oidc=`). */
const OIDC_FAILURE: Record<string, string> = {
  expired: 'The sign-in took too long or was started in another browser; try again.',
  unavailable: 'The identity provider could not be reached.',
  username_taken: 'A local account already has your username; ask an admin.',
  account_disabled: 'This account is disabled; ask an admin to enable it.',
};

export function LoginForm({ onSuccess, oidcFailure }: { onSuccess: () => void; oidcFailure?: string | null }) {
  const oidc = useOidcStatus();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ username: username.trim(), password }, { onSuccess });
  };

  const badCredentials = isApiError(login.error, 'INVALID_CREDENTIALS');
  return (
    <div className={styles.screen}>
      <div className={styles.panel}>
        <div className={styles.brand}>
          <div className={styles.logo} aria-hidden="true">
            F
          </div>
          <div>
            <div className={styles.brandName}>Flotilla</div>
            <p className={styles.tagline}>GitOps for your whole fleet of Kubernetes clusters</p>
          </div>
        </div>
        <form className={styles.card} onSubmit={submit} aria-labelledby="login-title">
          <h1 id="login-title" className={styles.title}>
            Sign in
          </h1>
          {oidcFailure && (
            <Alert tone="danger" title="Sign-in with your identity provider failed">
              {OIDC_FAILURE[oidcFailure] ?? 'The identity provider’s answer was refused; try again.'}
            </Alert>
          )}
          {login.error &&
            (badCredentials ? (
              <Alert tone="danger" title="Wrong username or password">
                Check both and try again.
              </Alert>
            ) : (
              <ErrorAlert error={login.error} title="Could not sign in" />
            ))}
          <TextField
            label="Username"
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <Button
            variant="primary"
            type="submit"
            className={styles.submit}
            busy={login.isPending}
            disabled={username.trim() === '' || password === ''}
          >
            Sign in
          </Button>
          {oidc.data?.enabled && (
            <a className={[buttonClassName('secondary'), styles.submit].join(' ')} href="/api/auth/oidc/login">
              Sign in with your identity provider
            </a>
          )}
        </form>
        <p className={styles.help}>
          First start? Sign in as <code>admin</code> with the password <code>pnpm start</code> printed (or{' '}
          <code>FLOTILLA_ADMIN_PASSWORD</code>).
        </p>
      </div>
    </div>
  );
}
