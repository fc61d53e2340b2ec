// Every route of the console. Pages behind log-in sit inside AppLayout; each area lists its own.
import { Spin } from 'antd';
import { Navigate, Outlet, useLocation, type RouteObject } from 'react-router';
import { useSession } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/Placeholder';
import { CHANGE_PASSWORD_PATH, adminRoutes, changePasswordRoute } from './pages/admin/routes';
import { intakeRoutes } from './pages/intake/routes';
import { oversightRoutes } from './pages/oversight/routes';
import { gridRoutes } from './pages/grid/routes';
import { baseRoutes } from './pages/base/routes';
import { workRoutes } from './pages/work/routes';
import { mediationRoutes } from './pages/mediation/routes';
import { stationingRoutes } from './pages/stationing/routes';
import { analyticsRoutes } from './pages/analytics/routes';
import { warningsRoutes } from './pages/warnings/routes';
import { meetingsRoutes } from './pages/meetings/routes';
import { SECURITY_PATH, securityRoute } from './pages/account/routes';
import { exportRoutes } from './pages/exports/routes';

function RequireStaff() {
  const { status, user } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Spin fullscreen />;
  if (status !== 'staff') {
    const next =
      location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  // a one-time password opens nothing but its change (the server refuses the rest too)
  if (user?.mustChangePassword) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  // an administrator or leader without a second factor sets one up first (the server insists too)
  if (user?.mustEnrolTotp) return <Navigate to={SECURITY_PATH} replace />;
  return (
    <AppLayout>
      <Outlet />
    </AppLayout>
  );
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  changePasswordRoute,
  securityRoute,
  {
    element: <RequireStaff />,
    children: [
      ...workRoutes,
      ...analyticsRoutes,
      ...warningsRoutes,
      ...meetingsRoutes,
      ...intakeRoutes,
      ...oversightRoutes,
      ...gridRoutes,
      ...baseRoutes,
      ...mediationRoutes,
      ...stationingRoutes,
      ...adminRoutes,
      ...exportRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
