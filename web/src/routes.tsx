// Every route of the console. Pages behind log-in sit inside AppLayout; each area lists its own.
import { Spin } from 'antd';
import { Navigate, Outlet, useLocation, type RouteObject } from 'react-router';
import { useSession } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/Placeholder';
import { adminRoutes } from './pages/admin/routes';
import { intakeRoutes } from './pages/intake/routes';
import { oversightRoutes } from './pages/oversight/routes';
import { workRoutes } from './pages/work/routes';

function RequireStaff() {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Spin fullscreen />;
  if (status !== 'staff') {
    const next =
      location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  return (
    <AppLayout>
      <Outlet />
    </AppLayout>
  );
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireStaff />,
    children: [
      ...workRoutes,
      ...intakeRoutes,
      ...oversightRoutes,
      ...adminRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
