// Routes of the grid worker H5 (basename /g). Everything but the log-in needs a grid account.
import { Navigate, Outlet, type RouteObject } from 'react-router';
import { CasePage } from './pages/CasePage';
import { LoginPage } from './pages/LoginPage';
import { LogPage } from './pages/LogPage';
import { MinePage } from './pages/MinePage';
import { MyItemsPage } from './pages/MyItemsPage';
import { MyReportsPage } from './pages/MyReportsPage';
import { NotForRole } from './pages/NotForRole';
import { OutboxPage } from './pages/OutboxPage';
import { ReportPage } from './pages/ReportPage';
import { TodayPage } from './pages/TodayPage';
import { GRID_ROLES, useGridSession } from './session';
import { Shell } from './Shell';

function Guard() {
  const { status, user } = useGridSession();
  if (status === 'loading') return null;
  if (status !== 'staff' || !user) return <Navigate to="/login" replace />;
  if (!GRID_ROLES.includes(user.role) || user.mustChangePassword) return <NotForRole />;
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export const gridRoutes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <Guard />,
    children: [
      { path: '/', element: <TodayPage /> },
      { path: '/log', element: <LogPage /> },
      { path: '/report', element: <ReportPage /> },
      { path: '/mine', element: <MinePage /> },
      { path: '/reports', element: <MyReportsPage /> },
      { path: '/items', element: <MyItemsPage /> },
      { path: '/outbox', element: <OutboxPage /> },
      { path: '/cases/:id', element: <CasePage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
];
