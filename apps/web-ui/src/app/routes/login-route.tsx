import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LoginForm } from '../../features/auth/components/login-form';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useViewer } from '../../lib/auth/viewer';

/** Only same-app paths are accepted as a redirect target, so a crafted link cannot bounce users off-site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const viewer = useViewer();
  const next = safeNext(params.get('next'));
  useDocumentTitle('Sign in');
  if (viewer.isSuccess) return <Navigate to={next} replace />;
  return <LoginForm onSuccess={() => navigate(next, { replace: true })} oidcFailure={params.get('oidc')} />;
}
