import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorAlert } from '../components/alert';
import { Button } from '../components/button';
import { Toaster } from '../components/toaster';
import { FleetSearchBox } from '../features/fleet/components/fleet-search-box';
import { OpenProposalsLink } from '../features/proposals/components/open-proposals-link';
import { isApiError } from '../lib/api-error';
import { can, ownRoleLabel } from '../lib/auth/authorization';
import { useLogout } from '../lib/auth/logout';
import { useViewer } from '../lib/auth/viewer';
import { useRealtime, type RealtimeStatus } from '../realtime/use-realtime';
import styles from './app-shell.module.css';

const LIVE_TEXT: Record<RealtimeStatus, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline',
};

/** Everything behind the login: the top bar, the realtime connection and the auth guard. */
export function AppShell() {
  const viewer = useViewer();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const realtime = useRealtime(viewer.isSuccess);

  if (viewer.isPending) return <div className={styles.center}>Loading…</div>;
  if (viewer.isError) {
    if (isApiError(viewer.error, 'UNAUTHENTICATED')) {
      const next = location.pathname + location.search;
      return <Navigate to={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
    }
    return (
      <div className={styles.center}>
        <ErrorAlert error={viewer.error} title="Could not reach the hub" />
      </div>
    );
  }

  // Signed in with a password the hub generated: the hub refuses everything else until they choose their own.
  if (viewer.data.passwordChangeRequired && location.pathname !== '/account') {
    return <Navigate to="/account" replace />;
  }

  return (
    <div className={styles.shell}>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <header className={styles.bar}>
        <NavLink to="/" className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            F
          </span>
          <span className={styles.brandText}>Flotilla</span>
        </NavLink>
        <nav className={styles.nav} aria-label="Main">
          <NavLink to="/" className={styles.navLink}>
            Fleet
          </NavLink>
          <NavLink to="/health" className={styles.navLink}>
            Health
          </NavLink>
          <NavLink to="/sources" className={styles.navLink}>
            Sources
          </NavLink>
          <NavLink to="/kustomizations" className={styles.navLink}>
            Kustomizations
          </NavLink>
          <NavLink to="/helm" className={styles.navLink}>
            Helm
          </NavLink>
          <NavLink to="/flux-objects" className={styles.navLink}>
            Flux objects
          </NavLink>
          {can(viewer.data.role, 'cluster:read') && (
            <>
              <NavLink to="/images" className={styles.navLink}>
                Images
              </NavLink>
              <OpenProposalsLink className={styles.navLink} countClassName={styles.navCount} />
            </>
          )}
          {can(viewer.data.role, 'cluster:read') && (
            <NavLink to="/notifications" className={styles.navLink}>
              Notifications
            </NavLink>
          )}
          {can(viewer.data.role, 'cluster:read') && (
            <NavLink to="/fleet-syncs" className={styles.navLink}>
              Fleet as code
            </NavLink>
          )}
          {can(viewer.data.role, 'people:manage') && (
            <NavLink to="/people" className={styles.navLink}>
              People
            </NavLink>
          )}
          {can(viewer.data.role, 'audit:read') && (
            <NavLink to="/audit" className={styles.navLink}>
              Audit
            </NavLink>
          )}
        </nav>
        <div className={styles.user}>
          <FleetSearchBox />
          <span className={styles.live} role="status" title="Live updates from the hub">
            <span className={styles.liveDot} data-status={realtime} aria-hidden="true" />
            <span className={styles.hideSm}>{LIVE_TEXT[realtime]}</span>
          </span>
          <NavLink to="/account" className={styles.account} title="Your password and API tokens">
            <strong>{viewer.data.username}</strong>{' '}
            <span className={styles.role}>{ownRoleLabel(viewer.data.role)}</span>
          </NavLink>
          <Button
            size="sm"
            variant="ghost"
            busy={logout.isPending}
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}
          >
            Sign out
          </Button>
        </div>
      </header>
      <div id="main">
        <Outlet />
      </div>
      <Toaster />
    </div>
  );
}
