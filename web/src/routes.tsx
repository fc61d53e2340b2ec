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
  return (
    <AppLayout>
      <Outlet />
    </AppLayout>
  );
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  changePasswordRoute,
  {
    element: <RequireStaff />,
    children: [
      ...workRoutes,
      ...intakeRoutes,
      ...oversightRoutes,
      ...gridRoutes,
      ...baseRoutes,
      ...adminRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
