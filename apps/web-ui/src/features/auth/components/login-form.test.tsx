import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockHub } from '../../../../test/mock-hub';
import { renderRoute } from '../../../../test/render';
import { LoginForm } from './login-form';

describe('LoginForm', () => {
  it('says clearly when the credentials are wrong and keeps the username', async () => {
    mockHub({
      '/api/auth/login': () => ({
        status: 401,
        body: { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid username or password.' } },
      }),
    });
    const onSuccess = vi.fn();
    const user = userEvent.setup();
    renderRoute(<LoginForm onSuccess={onSuccess} />);
    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password');
    expect(screen.getByLabelText('Username')).toHaveValue('admin');
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it('posts the credentials and reports success', async () => {
    const hub = mockHub({
      '/api/auth/login': () => ({ body: { user: { id: 'u1', username: 'admin', role: 'ADMIN' } } }),
    });
    const onSuccess = vi.fn();
    const user = userEvent.setup();
    renderRoute(<LoginForm onSuccess={onSuccess} />);
    await user.type(screen.getByLabelText('Username'), ' admin ');
    await user.type(screen.getByLabelText('Password'), 'secret{Enter}');
    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(hub.requests.find((r) => r.url === '/api/auth/login')?.body).toEqual({ username: 'admin', password: 'secret' });
  });

  it('a network failure is not reported as bad credentials', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('fetch failed'))),
    );
    const user = userEvent.setup();
    renderRoute(<LoginForm onSuccess={() => undefined} />);
    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(/could not be reached/);
  });

  it("the hub's login throttle (429) is shown as such, with its code", async () => {
    mockHub({
      '/api/auth/login': () => ({
        status: 429,
        body: {
          error: {
            code: 'TOO_MANY_ATTEMPTS',
            message: 'Too many failed logins; try again in a few minutes.',
          },
        },
      }),
    });
    const user = userEvent.setup();
    renderRoute(<LoginForm onSuccess={() => undefined} />);
    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'x{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many failed logins; try again in a few minutes.');
    expect(alert).toHaveTextContent('TOO_MANY_ATTEMPTS');
    expect(alert).not.toHaveTextContent('Wrong username or password');
  });

  it('offers the identity provider when the hub has one, and says why a provider sign-in came back', async () => {
    mockHub({ '/api/auth/oidc': () => ({ body: { enabled: true } }) });
    renderRoute(<LoginForm onSuccess={vi.fn()} oidcFailure="username_taken" />);
    const link = await screen.findByRole('link', { name: 'Sign in with your identity provider' });
    expect(link).toHaveAttribute('href', '/api/auth/oidc/login');
    expect(screen.getByRole('alert')).toHaveTextContent('A local account already has your username');
  });

  it('shows no provider button when the hub has none', async () => {
    const hub = mockHub({ '/api/auth/oidc': () => ({ body: { enabled: false } }) });
    renderRoute(<LoginForm onSuccess={vi.fn()} />);
    await vi.waitFor(() => expect(hub.requests.map((r) => r.url)).toContain('/api/auth/oidc'));
    expect(screen.queryByRole('link', { name: /identity provider/ })).toBeNull();
  });
});
